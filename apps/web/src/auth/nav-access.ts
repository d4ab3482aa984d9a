import { type Me, type Permission, ROLE_PERMISSIONS } from '@openseal/contract';

export type NavPage = 'org' | 'users' | 'seals' | 'audit' | 'stamp';

/** The permission each console page needs; the server still decides every request behind it. */
const PAGE_PERMISSION: Readonly<Record<NavPage, Permission>> = {
  org: 'org.read',
  users: 'users.read',
  seals: 'seals.read',
  audit: 'audit.read',
  stamp: 'seals.use',
};

/** Whether any of the user's grants carries `permission` (the server's table, from the contract). */
export function hasPermission(user: Pick<Me, 'grants'>, permission: Permission): boolean {
  return user.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export function canSeePage(user: Pick<Me, 'grants'>, page: NavPage): boolean {
  return hasPermission(user, PAGE_PERMISSION[page]);
}
