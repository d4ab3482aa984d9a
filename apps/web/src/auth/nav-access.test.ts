import { describe, expect, it } from 'vitest';
import { canSeePage, type NavPage } from './nav-access.ts';

const PAGES: NavPage[] = [
  'portal',
  'org',
  'users',
  'seals',
  'audit',
  'stamp',
  'requests/new',
  'requests/inbox',
  'requests/mine',
  'requests/done',
  'flows',
  'dashboard',
  'alerts',
  'templates',
  'data',
  'jobs',
  'archive',
];
const visible = (...roles: Parameters<typeof canSeePage>[0]['grants'][number]['role'][]) =>
  PAGES.filter((p) => canSeePage({ grants: roles.map((role) => ({ role, orgUnitId: 'u1' })) }, p));
const REQUESTS: NavPage[] = ['requests/inbox', 'requests/mine', 'requests/done'];

describe('canSeePage', () => {
  it('shows a member the credential portal, the org tree and the request lists (a flow may name anyone)', () => {
    expect(visible('member')).toEqual(['portal', 'org', ...REQUESTS]);
  });
  it('shows the security auditor only the audit log (三员分立: no requests)', () => {
    expect(visible('security_auditor')).toEqual(['audit']);
  });
  it('shows both admins the users page but never the seals, the audit log or requests', () => {
    expect(visible('system_admin')).toEqual(['org', 'users']);
    expect(visible('security_admin')).toEqual(['org', 'users', 'alerts']);
  });
  it('lets business creators file requests, import records and issue batches, and seal admins edit the flows', () => {
    expect(visible('business_creator')).toEqual([
      'portal',
      'org',
      'seals',
      'stamp',
      'requests/new',
      ...REQUESTS,
      'data',
      'jobs',
    ]);
    expect(visible('seal_admin')).toEqual(['org', 'seals', ...REQUESTS, 'flows', 'dashboard']);
  });
  it('shows template admins the templates and data sources, and the archive to file admins and auditors', () => {
    expect(visible('template_admin')).toEqual(['org', ...REQUESTS, 'templates', 'data']);
    expect(visible('file_admin')).toEqual(['org', ...REQUESTS, 'archive']);
    expect(visible('business_auditor')).toEqual(['org', 'seals', ...REQUESTS, 'dashboard', 'archive']);
  });
  it('unions the pages of every role held', () => {
    expect(visible('seal_admin', 'business_creator')).toEqual([
      'portal',
      'org',
      'seals',
      'stamp',
      'requests/new',
      ...REQUESTS,
      'flows',
      'dashboard',
      'data',
      'jobs',
    ]);
  });
  it('shows nothing without a grant', () => {
    expect(visible()).toEqual([]);
  });
});
