import type { Me, Role } from '@openseal/contract';

export type NavPage = 'org' | 'users' | 'seals' | 'audit' | 'stamp';

/**
 * Which roles see which console page. It mirrors the server's ROLE_PERMISSIONS (org.read, users.read,
 * seals.read, audit.read, seals.use); the server still decides every request, this only hides menu
 * items a person could not use.
 */
const PAGE_ROLES: Readonly<Record<NavPage, readonly Role[]>> = {
  org: [
    'system_admin',
    'security_admin',
    'seal_admin',
    'template_admin',
    'business_creator',
    'file_admin',
    'business_auditor',
    'member',
  ],
  users: ['system_admin', 'security_admin'],
  seals: ['seal_admin', 'business_creator'],
  audit: ['security_auditor'],
  stamp: ['business_creator'],
};

export function hasRole(user: Pick<Me, 'grants'>, role: Role): boolean {
  return user.grants.some((g) => g.role === role);
}

export function canSeePage(user: Pick<Me, 'grants'>, page: NavPage): boolean {
  return PAGE_ROLES[page].some((role) => hasRole(user, role));
}
