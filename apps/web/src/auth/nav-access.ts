import { type Me, type Permission, ROLE_PERMISSIONS, SECURITY_ROLES } from '@openseal/contract';

export type NavPage =
  | 'portal'
  | 'org'
  | 'users'
  | 'seals'
  | 'audit'
  | 'stamp'
  | 'requests/new'
  | 'requests/inbox'
  | 'requests/mine'
  | 'requests/done'
  | 'flows'
  | 'dashboard'
  | 'alerts'
  | 'templates'
  | 'data'
  | 'jobs'
  | 'archive';

/**
 * Who may open a console page: holders of a permission, or of any one of a list (a page whose
 * tabs serve different roles), or `business` = anyone holding a role outside the three security
 * roles — a flow may name any such user as an approver, while 三员分立 keeps the security roles out
 * of requests altogether. The server decides every request.
 */
type PageRule = Permission | readonly Permission[] | 'business';

const PAGE_RULE: Readonly<Record<NavPage, PageRule>> = {
  portal: 'credentials.request',
  org: 'org.read',
  users: 'users.read',
  seals: 'seals.read',
  audit: 'audit.read',
  stamp: 'seals.use',
  'requests/new': 'documents.create',
  'requests/inbox': 'business',
  'requests/mine': 'business',
  'requests/done': 'business',
  flows: 'flows.manage',
  dashboard: 'reports.read',
  alerts: 'risk.read',
  templates: 'templates.manage',
  // Template admins connect systems; registrars import and browse records.
  data: ['templates.manage', 'credentials.issue'],
  jobs: 'credentials.issue',
  archive: 'documents.read',
};

/** Whether any of the user's grants carries `permission` (the server's table, from the contract). */
export function hasPermission(user: Pick<Me, 'grants'>, permission: Permission): boolean {
  return user.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

/** Whether the user holds any role outside the three security roles. */
export function hasBusinessRole(user: Pick<Me, 'grants'>): boolean {
  const security: readonly string[] = SECURITY_ROLES;
  return user.grants.some((g) => !security.includes(g.role));
}

export function canSeePage(user: Pick<Me, 'grants'>, page: NavPage): boolean {
  const rule = PAGE_RULE[page];
  if (rule === 'business') return hasBusinessRole(user);
  if (typeof rule === 'string') return hasPermission(user, rule);
  return rule.some((permission) => hasPermission(user, permission));
}
