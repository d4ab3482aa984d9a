import { describe, expect, it } from 'vitest';
import { canSeePage, landingPage, menuPages, type NavPage } from './nav-access.ts';

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
  'integrations/webhooks',
  'verify',
];
const visible = (...roles: Parameters<typeof canSeePage>[0]['grants'][number]['role'][]) =>
  PAGES.filter((p) => canSeePage({ grants: roles.map((role) => ({ role, orgUnitId: 'u1' })) }, p));
const REQUESTS: NavPage[] = ['requests/inbox', 'requests/mine', 'requests/done'];
const APPROVALS: NavPage[] = ['requests/inbox', 'requests/done'];

describe('canSeePage', () => {
  it('shows students and staff only their portal: 电子凭证, 我的申请, 验证', () => {
    expect(visible('member')).toEqual(['portal', 'requests/mine', 'verify']);
  });
  it('shows the security auditor only the audit log (三员分立: no requests)', () => {
    expect(visible('security_auditor')).toEqual(['audit']);
  });
  it('shows both admins the users page but never the seals, the audit log or requests', () => {
    expect(visible('system_admin')).toEqual(['org', 'users', 'integrations/webhooks']);
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
      'verify',
    ]);
    expect(visible('seal_admin')).toEqual(['org', 'seals', ...REQUESTS, 'flows', 'dashboard']);
  });
  it('shows template admins the templates and data sources, and the archive to file admins and auditors', () => {
    // They file no requests of their own, so no 我的申请; flows may still route approvals to them.
    expect(visible('template_admin')).toEqual(['org', ...APPROVALS, 'templates', 'data']);
    expect(visible('file_admin')).toEqual(['org', ...APPROVALS, 'archive']);
    expect(visible('business_auditor')).toEqual(['org', 'seals', ...APPROVALS, 'dashboard', 'archive']);
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
      'verify',
    ]);
  });
  it('shows 合同签署 to everyone who may be a party, students too, but not to the security accounts', () => {
    const sees = (...roles: Parameters<typeof canSeePage>[0]['grants'][number]['role'][]) =>
      canSeePage({ grants: roles.map((role) => ({ role, orgUnitId: 'u1' })) }, 'contracts');
    expect(sees('member')).toBe(true);
    expect(sees('business_creator')).toBe(true);
    expect(sees('file_admin')).toBe(true);
    expect(sees('system_admin')).toBe(false);
    expect(sees('security_admin')).toBe(false);
    expect(sees('security_auditor')).toBe(false);
    expect(sees()).toBe(false);
  });
  it('shows nothing without a grant', () => {
    expect(visible()).toEqual([]);
  });
});

describe('menuPages and landingPage', () => {
  const member = { grants: [{ role: 'member' as const, orgUnitId: 'u1' }] };
  const leader = { grants: [{ role: 'unit_leader' as const, orgUnitId: 'u1' }] };
  const sealAdmin = { grants: [{ role: 'seal_admin' as const, orgUnitId: 'u1' }] };
  it('adds 待我审批 and 已办 for a member a flow has named, while something waits', () => {
    expect(menuPages(member, PAGES, 0)).toEqual(['portal', 'requests/mine', 'verify']);
    expect(menuPages(member, PAGES, 2)).toEqual(['portal', ...REQUESTS, 'verify']);
  });
  it('lands approvers on 待我审批 and everyone else on their first page', () => {
    expect(landingPage(leader, PAGES, 0)).toBe('requests/inbox');
    expect(landingPage(sealAdmin, PAGES, 0)).toBe('org');
    expect(landingPage(sealAdmin, PAGES, 1)).toBe('requests/inbox');
    expect(landingPage(member, PAGES, 0)).toBe('portal');
    expect(landingPage(member, PAGES, 1)).toBe('requests/inbox');
    expect(landingPage({ grants: [{ role: 'security_auditor', orgUnitId: 'u1' }] }, PAGES, null)).toBe(
      'audit',
    );
  });
});
