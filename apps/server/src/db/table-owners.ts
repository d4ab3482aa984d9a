import type { Database } from './schema.ts';

/**
 * The server module that owns each table: only code under `modules/<owner>/` queries it; every other
 * module asks the owner's exported service functions (scripts/layer-rules.test.ts enforces this).
 * Typed over `Database`, so a new table cannot be added without naming its owner.
 */
export const TABLE_OWNERS: { readonly [table in keyof Database]: string } = {
  audit_log: 'audit',
  audit_head: 'audit',
  // The account row carries the credentials (password hash, TOTP secret, failed sign-ins, reset
  // state): auth signs in against it; the users module administers accounts through auth's functions.
  users: 'auth',
  sessions: 'auth',
  password_resets: 'auth',
  totp_recovery_codes: 'auth',
  sso_providers: 'auth',
  sso_logins: 'auth',
  sso_sessions: 'auth',
  role_grants: 'users',
  org_units: 'org',
  seals: 'seals',
  seal_grants: 'seals',
  sealed_documents: 'sealing',
  approval_flows: 'approvals',
  approval_requests: 'approvals',
  approval_inbox: 'approvals',
  approval_files: 'approvals',
  delegations: 'approvals',
  notifications: 'approvals',
  seal_custody: 'approvals',
  risk_rules: 'risk',
  risk_sensitive_words: 'risk',
  risk_holidays: 'risk',
  risk_alerts: 'risk',
  credential_templates: 'credentials',
  data_sources: 'credentials',
  credential_records: 'credentials',
  credentials: 'credentials',
  credential_jobs: 'credentials',
  credential_job_items: 'credentials',
  credential_staged_files: 'credentials',
  school_logo: 'school',
  uploads: 'uploads',
  directory_config: 'directory',
  directory_runs: 'directory',
  integration_events: 'integrations',
  webhook_subscriptions: 'integrations',
  webhook_deliveries: 'integrations',
  webhook_attempts: 'integrations',
  webhook_allowed_hosts: 'integrations',
  im_apps: 'integrations',
  im_app_logins: 'integrations',
  im_app_links: 'integrations',
};
