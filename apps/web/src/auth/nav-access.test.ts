import { describe, expect, it } from 'vitest';
import { canSeePage, type NavPage } from './nav-access.ts';

const PAGES: NavPage[] = ['org', 'users', 'seals', 'audit', 'stamp'];
const visible = (...roles: Parameters<typeof canSeePage>[0]['grants'][number]['role'][]) =>
  PAGES.filter((p) => canSeePage({ grants: roles.map((role) => ({ role, orgUnitId: 'u1' })) }, p));

describe('canSeePage', () => {
  it('shows a member only the org tree', () => {
    expect(visible('member')).toEqual(['org']);
  });
  it('shows the security auditor only the audit log', () => {
    expect(visible('security_auditor')).toEqual(['audit']);
  });
  it('shows both admins the users page but never the seals or audit log', () => {
    expect(visible('system_admin')).toEqual(['org', 'users']);
    expect(visible('security_admin')).toEqual(['org', 'users']);
  });
  it('unions the pages of every role held', () => {
    expect(visible('seal_admin', 'business_creator')).toEqual(['org', 'seals', 'stamp']);
  });
  it('shows nothing without a grant', () => {
    expect(visible()).toEqual([]);
  });
});
