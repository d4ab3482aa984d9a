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
  | 'contracts'
  | 'contracts/templates'
  | 'flows'
  | 'dashboard'
  | 'alerts'
  | 'templates'
  | 'data'
  | 'jobs'
  | 'archive'
  | 'integrations/webhooks'
  | 'service-accounts'
  | 'directory'
  | 'settings/sso'
  | 'settings/email'
  | 'settings/sms'
  | 'settings/im-apps'
  | 'verify';

/**
 * Who may open a console page: holders of a permission, or of any one of a list (a page whose
 * tabs serve different roles), or `approver` = anyone holding a role other than the three security
 * roles and member — the roles flows route steps to, while 三员分立 keeps the security roles out of
 * requests altogether; `party` = anyone holding a role other than the three security roles, member
 * included (a page that shows each person only what they take part in). The server decides every
 * request.
 */
type PageRule = Permission | readonly Permission[] | 'approver' | 'party';

const PAGE_RULE: Readonly<Record<NavPage, PageRule>> = {
  portal: 'credentials.request',
  org: 'org.read',
  users: 'users.read',
  seals: 'seals.read',
  audit: 'audit.read',
  stamp: 'seals.use',
  'requests/new': 'documents.create',
  'requests/inbox': 'approver',
  // Those who can file a request: seal use, seal lifecycle, a credential that needs approval.
  'requests/mine': ['documents.create', 'seals.manage', 'credentials.request'],
  'requests/done': 'approver',
  // Anyone may be named a party, students too; 三员分立 keeps the security accounts out, as from requests.
  contracts: 'party',
  // Contract templates: their layout, roles and fields, as for credential templates.
  'contracts/templates': 'templates.manage',
  flows: 'flows.manage',
  dashboard: 'reports.read',
  alerts: 'risk.read',
  templates: 'templates.manage',
  // Template admins connect systems; registrars import and browse records.
  data: ['templates.manage', 'credentials.issue'],
  jobs: 'credentials.issue',
  archive: 'documents.read',
  // School-wide integration settings: the system admin's, like the school's name.
  'integrations/webhooks': 'org.create',
  // The seal office keeps the accounts; the security admin approves them.
  'service-accounts': ['seals.manage', 'roles.grant'],
  // Directory sync rewrites the whole org tree: the system admin's, like the school's name.
  directory: 'org.create',
  // Providers decide who gets an account: the system admin's, like creating users.
  'settings/sso': 'users.create',
  // The school's mail server: a system setting, like the other integrations.
  'settings/email': 'org.create',
  // The SMS gateway for outside signers: a system setting, like the mail server.
  'settings/sms': 'org.create',
  // Who signs in through the apps and whom their directory disables: as for the SSO providers.
  'settings/im-apps': 'users.create',
  verify: 'credentials.request',
};

/**
 * Students and staff (the member role) get only their portal: the member grant opens these pages and
 * no other (its org.read serves the portal's forms, not the org page).
 */
const MEMBER_PAGES: readonly NavPage[] = ['portal', 'requests/mine', 'verify'];

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
  const grants = MEMBER_PAGES.includes(page) ? user.grants : user.grants.filter((g) => g.role !== 'member');
  const rule = PAGE_RULE[page];
  if (rule === 'party') return hasBusinessRole(user);
  if (rule === 'approver') return grants.length > 0 && hasBusinessRole({ grants });
  if (typeof rule === 'string') return hasPermission({ grants }, rule);
  return rule.some((permission) => hasPermission({ grants }, permission));
}

/**
 * The pages in the menu: those the grants open, and 待我审批 and 已办 for anyone with a request
 * waiting (a flow may name any user, a member too).
 */
export function menuPages(user: Pick<Me, 'grants'>, pages: readonly NavPage[], inboxCount: number | null) {
  const waiting = (inboxCount ?? 0) > 0 && hasBusinessRole(user);
  return pages.filter(
    (page) => canSeePage(user, page) || (waiting && (page === 'requests/inbox' || page === 'requests/done')),
  );
}

/** Where `/` leads: 待我审批 for whoever has something to approve or leads a unit, else the first page. */
export function landingPage(
  user: Pick<Me, 'grants'>,
  pages: readonly NavPage[],
  inboxCount: number | null,
): NavPage | undefined {
  const visible = menuPages(user, pages, inboxCount);
  const approves = (inboxCount ?? 0) > 0 || user.grants.some((g) => g.role === 'unit_leader');
  if (approves && visible.includes('requests/inbox')) return 'requests/inbox';
  return visible.find((page) => page !== 'verify');
}
