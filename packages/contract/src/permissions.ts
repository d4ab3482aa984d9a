// Role and permission names shared by the server, the web app and the CLI.

export const ROLES = [
  'system_admin',
  'security_admin',
  'security_auditor',
  'seal_admin',
  'unit_leader',
  'template_admin',
  'business_creator',
  'file_admin',
  'business_auditor',
  'member',
] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: a user holds at most one of these, anywhere in the org tree. */
export const SECURITY_ROLES = [
  'system_admin',
  'security_admin',
  'security_auditor',
] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'org.read',
  'org.create',
  'users.read',
  'users.create',
  'users.resetPassword',
  'roles.grant',
  'roles.revoke',
  'audit.read',
  'seals.read',
  'seals.manage',
  'seals.use',
  'templates.manage',
  'documents.create',
  'documents.read',
  'documents.review',
  'risk.read',
  'risk.manage',
  'flows.manage',
  'requests.read',
  'reports.read',
  'credentials.request',
  'credentials.issue',
  'credentials.revoke',
  'archive.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Who may do what. The server enforces it for every request; the console uses it only to hide menu
 * items. None of the three security roles holds a business permission (三员分立).
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  system_admin: ['org.read', 'org.create', 'users.read', 'users.create', 'users.resetPassword'],
  security_admin: ['org.read', 'users.read', 'roles.grant', 'roles.revoke', 'risk.read', 'risk.manage'],
  security_auditor: ['audit.read'],
  seal_admin: ['org.read', 'seals.read', 'seals.manage', 'flows.manage', 'requests.read', 'reports.read'],
  /** 部门负责人: approves requests the flows route to them; reads the seals and requests of the unit. */
  unit_leader: ['org.read', 'seals.read', 'requests.read', 'reports.read'],
  /** Designs credential templates and connects the academic/HR systems that feed them (API keys). */
  template_admin: ['org.read', 'templates.manage'],
  /** Registrars (教务处, 人事处): import records, issue batches, revoke what their unit issued. */
  business_creator: [
    'org.read',
    'seals.read',
    'seals.use',
    'documents.create',
    'credentials.issue',
    'credentials.revoke',
    'credentials.request',
  ],
  /** 档案管理: searches the archive, revokes, sets retention. */
  file_admin: ['org.read', 'documents.read', 'credentials.revoke', 'archive.manage'],
  business_auditor: ['org.read', 'seals.read', 'documents.read', 'documents.review', 'reports.read'],
  /** Students and staff: request their own credentials in the portal. */
  member: ['org.read', 'credentials.request'],
};
