import { describe, expect, it } from 'vitest';
import { canSeePage, type NavPage } from './nav-access.ts';

const PAGES: NavPage[] = [
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
];
const visible = (...roles: Parameters<typeof canSeePage>[0]['grants'][number]['role'][]) =>
  PAGES.filter((p) => canSeePage({ grants: roles.map((role) => ({ role, orgUnitId: 'u1' })) }, p));
const REQUESTS: NavPage[] = ['requests/inbox', 'requests/mine', 'requests/done'];

describe('canSeePage', () => {
  it('shows a member the org tree and the request lists (a flow may name anyone)', () => {
    expect(visible('member')).toEqual(['org', ...REQUESTS]);
  });
  it('shows the security auditor only the audit log (三员分立: no requests)', () => {
    expect(visible('security_auditor')).toEqual(['audit']);
  });
  it('shows both admins the users page but never the seals, the audit log or requests', () => {
    expect(visible('system_admin')).toEqual(['org', 'users']);
    expect(visible('security_admin')).toEqual(['org', 'users', 'alerts']);
  });
  it('lets business creators file requests and seal admins edit the flows', () => {
    expect(visible('business_creator')).toEqual(['org', 'seals', 'stamp', 'requests/new', ...REQUESTS]);
    expect(visible('seal_admin')).toEqual(['org', 'seals', ...REQUESTS, 'flows', 'dashboard']);
  });
  it('unions the pages of every role held', () => {
    expect(visible('seal_admin', 'business_creator')).toEqual([
      'org',
      'seals',
      'stamp',
      'requests/new',
      ...REQUESTS,
      'flows',
      'dashboard',
    ]);
  });
  it('shows nothing without a grant', () => {
    expect(visible()).toEqual([]);
  });
});
