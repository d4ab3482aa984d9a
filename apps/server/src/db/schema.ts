import type { Generated } from 'kysely';

/** The Kysely view of the database. Column names are snake_case in SQL, camelCase here. */
export interface Database {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  org_units: OrgUnitTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  password_resets: PasswordResetTable;
  totp_recovery_codes: TotpRecoveryCodeTable;
  seals: SealTable;
  seal_grants: SealGrantTable;
  approval_flows: ApprovalFlowTable;
  approval_requests: ApprovalRequestTable;
  approval_inbox: ApprovalInboxTable;
  approval_files: ApprovalFileTable;
  delegations: DelegationTable;
  notifications: NotificationTable;
  seal_custody: SealCustodyTable;
  sealed_documents: SealedDocumentTable;
  risk_rules: RiskRuleTable;
  risk_sensitive_words: RiskSensitiveWordTable;
  risk_holidays: RiskHolidayTable;
  risk_alerts: RiskAlertTable;
  credential_templates: CredentialTemplateTable;
  data_sources: DataSourceTable;
  credential_records: CredentialRecordTable;
  credentials: CredentialTable;
  credential_jobs: CredentialJobTable;
  credential_job_items: CredentialJobItemTable;
  credential_staged_files: CredentialStagedFileTable;
  school_logo: SchoolLogoTable;
  service_accounts: ServiceAccountTable;
  service_batches: ServiceBatchTable;
  service_batch_files: ServiceBatchFileTable;
  uploads: UploadTable;
  message_profiles: MessageProfileTable;
  message_preferences: MessagePreferenceTable;
  message_cursors: MessageCursorTable;
  message_sources_seen: MessageSourceSeenTable;
  message_queue: MessageQueueTable;
  smtp_settings: SmtpSettingsTable;
  directory_config: DirectoryConfigTable;
  directory_runs: DirectoryRunTable;
  sso_providers: SsoProviderTable;
  sso_logins: SsoLoginTable;
  sso_sessions: SsoSessionTable;
  integration_events: IntegrationEventTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  webhook_allowed_hosts: WebhookAllowedHostTable;
  im_apps: ImAppTable;
  im_app_logins: ImAppLoginTable;
  im_app_links: ImAppLinkTable;
  contracts: ContractTable;
  contract_parties: ContractPartyTable;
  contract_handoffs: ContractHandoffTable;
  contract_events: ContractEventTable;
  signer_certificates: SignerCertificateTable;
  evidence_signers: EvidenceSignerTable;
  contract_evidence_reports: ContractEvidenceReportTable;
  contract_seal_jobs: ContractSealJobTable;
  contract_watchers: ContractWatcherTable;
  external_signers: ExternalSignerTable;
  contract_invitations: ContractInvitationTable;
  sms_settings: SmsSettingsTable;
  sms_outbox: SmsOutboxTable;
  contract_templates: ContractTemplateTable;
  contract_template_versions: ContractTemplateVersionTable;
}

export interface AuditLogTable {
  seq: number;
  /** ISO 8601 UTC text, hashed exactly as stored (no timezone round-trip through the driver). */
  time: string;
  actor: string | null;
  role: string | null;
  org: string | null;
  action: string;
  object: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  prev_hash: string;
  hash: string;
  /** HMAC link under the KEK-derived key (audit-hash.ts); null only in a log not keyed yet. */
  mac: string | null;
  /** The SM3 chain's link (audit-hash.ts auditEntrySm3); null only before its backfill at start. */
  chain_sm3: string | null;
}

/** One row (id 1): the latest seq, hash and MAC. Updated first in every append so appends serialise. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  mac: string | null;
  chain_sm3: string | null;
}

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  /** Ancestor ids from the root down to this unit, as "/root/college/unit/": scope checks and subtree queries. */
  path: string;
  name_zh: string;
  name_en: string;
  kind: 'school' | 'college' | 'office' | 'unit';
  created_at: string;
  /** The directory's code for the unit, when directory sync created or adopted it. */
  directory_code: string | null;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  /** PHC string, argon2id. */
  password_hash: string;
  failed_logins: number;
  /** ISO 8601 UTC, null when not locked. */
  locked_until: string | null;
  /** Never serialised: the API's User schema has no such field. */
  totp_secret: string | null;
  /** Enrolled but not yet confirmed with a code; becomes totp_secret on confirmation. Encrypted too. */
  totp_pending: string | null;
  created_at: string;
  /** 1 after an admin reset: the session opened with the reset code may only choose a new password. */
  must_change_password: number;
  /** The pending admin reset, while the user has not chosen a new password. */
  password_reset_at: string | null;
  password_reset_expires_at: string | null;
  /** 学号/工号: the school identity's key, matched against an SSO provider's campus ID claim. */
  campus_id: string | null;
  email: string | null;
  phone: string | null;
  /** 1 when directory sync created the account: only such accounts are updated or disabled by it. */
  directory_managed: Generated<number>;
  /** Set when the person left the directory: the account stays, but cannot sign in. */
  disabled_at: string | null;
}

/** A person's message language (messages in another language than the console's are their choice). */
export interface MessageProfileTable {
  user_id: string;
  locale: 'zh' | 'en';
  updated_at: string;
}

/** One kind on one channel a person set; a pair without a row is on. */
export interface MessagePreferenceTable {
  user_id: string;
  kind: string;
  channel: string;
  /** 0 or 1. */
  enabled: number;
  updated_at: string;
}

/** How far the messages worker has read a source (approval notices, outbox events): "created_at id". */
export interface MessageCursorTable {
  source: string;
  read_to: string;
}

/** A source row the messages worker has turned into messages ("notification:<id>", "event:<id>"). */
export interface MessageSourceSeenTable {
  source_key: string;
  created_at: string;
}

/** One message to one person on one channel, with its tries. */
export interface MessageQueueTable {
  id: string;
  source_key: string;
  user_id: string;
  channel: string;
  kind: string;
  /** JSON: the facts the text is written from (ids, titles, the console path), never document contents. */
  facts: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** The one SMTP server (id 1); the password is sealed under the KEK and never leaves the server. */
export interface SmtpSettingsTable {
  id: number;
  /** 0 or 1. */
  enabled: number;
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  username: string;
  password_box: string | null;
  from_address: string;
  from_name: string;
  ca_certificate: string | null;
  updated_by: string;
  updated_at: string;
}

/** An admin reset: the code, encrypted under the KEK, waits for a unit head to reveal it once. */
export interface PasswordResetTable {
  id: string;
  user_id: string;
  /** Username of the admin who asked for it. */
  issued_by: string;
  /** JSON array of the unit heads' user ids who may reveal the code. */
  recipients: string;
  /** Cleared when revealed, so the code is shown once. */
  code_box: string | null;
  created_at: string;
  expires_at: string;
  revealed_at: string | null;
  revealed_by: string | null;
  /** Used, replaced by a newer reset, or ended by a password change. */
  closed_at: string | null;
}

/** HMAC-SHA256 (KEK-derived key) of a recovery code; used_at is set on its one use. */
export interface TotpRecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface RoleGrantTable {
  user_id: string;
  role: string;
  org_unit_id: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 hex of the cookie token, so a database read does not yield usable sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  expires_at: string;
  created_at: string;
  /** A session opened on a phone by a contract's QR code reaches that contract alone; null for a sign-in. */
  contract_id: string | null;
}

export interface SealTable {
  id: string;
  name: string;
  type: 'official' | 'contract' | 'finance' | 'business' | 'personal';
  owner_unit_id: string;
  status: 'active' | 'suspended' | 'revoked' | 'destroyed';
  custodian_user_id: string | null;
  /** 0 or 1: SQLite has no boolean. */
  physical: number;
  /** JSON of the vector SealSpec drawn on every use. */
  seal_spec: string;
  certificate: Uint8Array | null;
  /** Hex, as the PKI records it. */
  certificate_serial: string | null;
  /** Envelope-encrypted PKCS#8 (plugins/keys.ts); null for physical seals, token keys and once destroyed. Never serialised. */
  key_envelope: Uint8Array | null;
  /** Where the private key lives; null for physical seals and once destroyed. */
  key_store: 'software' | 'pkcs11' | null;
  /** The uploaded picture of an image seal (seal_spec kind 'image'), with its media type. */
  image: Uint8Array | null;
  image_type: 'image/png' | 'image/svg+xml' | null;
  created_at: string;
  /** A dual seal's (双算法) companion SM2 certificate, same subject, from the SM2 hierarchy; null otherwise. */
  sm2_certificate: Uint8Array | null;
  sm2_certificate_serial: string | null;
  /** The companion SM2 key's envelope (owner `${id}:sm2`); null otherwise and once destroyed. Never serialised. */
  sm2_key_envelope: Uint8Array | null;
}

/** Who may stamp with a seal: one user, or every holder of `role` at `unit_id` or below. */
export interface SealGrantTable {
  id: string;
  seal_id: string;
  user_id: string | null;
  role: string | null;
  unit_id: string | null;
  /** JSON array of DocumentType; empty: any. */
  document_types: string;
  /** ISO 8601 UTC; null: until withdrawn. */
  until: string | null;
  /** Uses this grant allows in total; null: no quota. */
  max_uses: number | null;
  /** Uses made under this grant, counted in the use's transaction. */
  uses: Generated<number>;
  created_at: string;
}

/** The document ledger: one row per sealed file. */
export interface SealedDocumentTable {
  id: string;
  /** SHA-256 hex of the sealed file as returned. */
  sha256: string;
  /** SM3 hex of the same file; null for a row sealed before 0015 whose file the store did not keep. */
  sm3: string | null;
  seal_id: string;
  /** Username of who sealed it. */
  actor: string;
  purpose: string;
  /** Null for uses recorded before document types existed. */
  document_type: string | null;
  /** Who sealed it (users.id), their home unit, and the grant that allowed it; null on older rows. */
  user_id: string | null;
  unit_id: string | null;
  grant_id: string | null;
  /** The approved seal-use request it was stamped under; null for grant-based uses. */
  request_id: string | null;
  created_at: string;
}

/** A risk rule's settings; a rule without a row runs with its defaults (modules/risk/risk-config.ts). */
export interface RiskRuleTable {
  id: string;
  /** 0 or 1. */
  enabled: number;
  action: 'alert' | 'block';
  /** JSON of the rule's parameters. */
  params: string;
  updated_at: string;
}

export interface RiskSensitiveWordTable {
  id: string;
  word: string;
  created_at: string;
  /** Username of the security admin who added it. */
  created_by: string | null;
}

/** A date (YYYY-MM-DD in the off-hours rule's timezone) that is a holiday, or a make-up workday (调休). */
export interface RiskHolidayTable {
  date: string;
  name: string;
  /** 1: a make-up workday, worked even on a weekend; 0: a holiday. */
  workday: number;
}

/** One firing of a risk rule, for the security admin to acknowledge and resolve. */
export interface RiskAlertTable {
  id: string;
  rule: string;
  severity: 'low' | 'medium' | 'high';
  status: 'open' | 'acknowledged' | 'resolved';
  seal_id: string | null;
  user_id: string | null;
  /** The seal-use request the alert concerns. */
  request_id: string | null;
  document_sha256: string | null;
  /** JSON object: what the rule saw. */
  details: string;
  /** JSON array of {at, by, text}. */
  notes: string;
  /** Set for alerts raised once per subject (a seal's certificate); unique with `rule`. */
  dedupe_key: string | null;
  created_at: string;
  updated_at: string;
}

/** A configured approval flow; a request type without a row uses the built-in default. */
export interface ApprovalFlowTable {
  request_type: string;
  name: string;
  /** JSON FlowDefinition. */
  definition: string;
  updated_by: string;
  updated_at: string;
}

export interface ApprovalRequestTable {
  id: string;
  type: string;
  title: string;
  requester_id: string;
  unit_id: string;
  seal_id: string | null;
  /** JSON of the submitted payload (uploads kept out: files live in the file store). */
  payload: string;
  /** JSON FlowDefinition as it was when the request was submitted. */
  flow: string;
  /** JSON FlowState of the engine. */
  state: string;
  status: 'pending' | 'approved' | 'rejected' | 'returned' | 'withdrawn' | 'completed';
  version: number;
  stamped: Generated<number>;
  /** JSON: what the approved request did, or why carrying it out failed. */
  result: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  /** Set by directory sync when the requester or an approver left: the console shows it for follow-up. */
  flag: Generated<'requester_left' | 'approver_left' | null>;
}

/** Who may act on a pending request now (denormalised from the state, for the inbox query). */
export interface ApprovalInboxTable {
  request_id: string;
  user_id: string;
}

export interface ApprovalFileTable {
  id: string;
  request_id: string;
  round: number;
  name: string;
  /** SHA-256 hex: the file's name in the content-addressed file store. */
  sha256: string;
  size: number;
  created_at: string;
}

export interface DelegationTable {
  id: string;
  from_user_id: string;
  to_user_id: string;
  starts_at: string;
  ends_at: string;
  created_at: string;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  request_id: string;
  reason: string;
  created_at: string;
  read_at: string | null;
}

/** Who took a physical seal out under which request, who handed it out, and its return. */
export interface SealCustodyTable {
  id: string;
  seal_id: string;
  request_id: string;
  taken_by: string;
  taken_at: string;
  handed_out_by: string;
  returned_at: string | null;
  received_by: string | null;
}

/** A credential type: pdfme template JSON, the record's JSON Schema, its seals (JSON TemplateSeal[]). */
export interface CredentialTemplateTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  audience: 'student' | 'staff';
  language: 'zh' | 'en';
  owner_unit_id: string;
  template: string;
  data_schema: string;
  seals: string;
  /** 0 or 1. */
  requires_approval: number;
  retention_years: number;
  /** 0 or 1. */
  active: number;
  /** Bumped on every change; compiled templates are cached by id and version. */
  version: number;
  updated_by: string;
  updated_at: string;
  created_at: string;
}

/** An academic/HR system allowed to push records; the key itself is never stored. */
export interface DataSourceTable {
  id: string;
  name: string;
  key_prefix: string;
  key_sha256: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

/** One person's data for one credential type (JSON `data` matching the template's schema). */
export interface CredentialRecordTable {
  id: string;
  type_code: string;
  external_id: string;
  /** Data source id, 'import' or 'demo'. */
  source: string;
  subject: string;
  subject_name: string;
  cohort: string | null;
  data: string;
  data_sha256: string;
  created_at: string;
  updated_at: string;
}

/** The archive: every issued credential, its file (by SHA-256) and the code printed on it. */
export interface CredentialTable {
  id: string;
  public_id: string;
  code: string;
  template_id: string;
  type_code: string;
  record_id: string;
  subject: string;
  subject_name: string;
  status: 'issued' | 'revoked';
  sha256: string;
  page_count: number;
  ledger_id: string;
  unit_id: string;
  job_id: string | null;
  request_id: string | null;
  issued_by: string;
  issued_at: string;
  /** ISO date after which the file may be purged. */
  retain_until: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface CredentialJobTable {
  id: string;
  template_id: string;
  cohort: string | null;
  status: 'running' | 'paused' | 'completed';
  total: number;
  done: Generated<number>;
  failed: Generated<number>;
  created_by: string;
  unit_id: string;
  created_at: string;
  run_ms: Generated<number>;
  finished_at: string | null;
  /** Renders started, written before they start: an upper bound on each seal's signatures for the job. */
  renders: Generated<number>;
}

/** One person of a batch; 'done' is written in the transaction that stores the credential. */
export interface CredentialJobItemTable {
  job_id: string;
  seq: number;
  record_id: string;
  subject: string;
  status: 'pending' | 'done' | 'failed';
  credential_id: string | null;
  error_code: string | null;
  error: string | null;
}

/** A sealed file of a job between the file store and its credential's transaction (job-runner.ts). */
export interface CredentialStagedFileTable {
  job_id: string;
  sha256: string;
  runner: string;
  staged_at: string;
}

/** The school's logo for the sign-in page (one row, id 1); the name is the root org unit's. */
export interface SchoolLogoTable {
  id: number;
  media_type: 'image/png' | 'image/svg+xml';
  /** Base64 of the file. */
  data: string;
  sha256: string;
  updated_by: string;
  updated_at: string;
}

/** A file staged by POST /api/uploads for its uploader's next request; its bytes are in the uploads file store. */
export interface UploadTable {
  id: string;
  user_id: string;
  name: string;
  media_type: string;
  bytes: number;
  sha256: string;
  created_at: string;
  expires_at: string;
}

/**
 * A service account (签章服务中间件): a business system calling the service API with a key. Its
 * `user_id` is the account row it acts as (username `svc:<name>`, no password), so the seal step,
 * the ledger and the audit log name it like a person. JSON arrays hold the scope.
 */
export interface ServiceAccountTable {
  id: string;
  user_id: string;
  name: string;
  unit_id: string;
  seal_ids: string;
  type_codes: string;
  operations: string;
  ip_allow: string;
  rate_per_minute: number;
  status: 'pending' | 'active' | 'suspended' | 'rejected' | 'revoked';
  key_prefix: string;
  /** SHA-256 hex of the key (api-keys.ts): the key itself is shown once and never stored. */
  key_sha256: string;
  created_by: string;
  /** Who asked for the pending approval (creator, or who resumed it): they may not approve it. */
  requested_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** A batch of PDFs a service account uploads and has sealed in the background. */
export interface ServiceBatchTable {
  id: string;
  account_id: string;
  seal_id: string;
  document_type: string;
  purpose: string;
  placement: string;
  status: 'open' | 'queued' | 'running' | 'completed';
  files: number;
  sealed: number;
  failed: number;
  created_at: string;
  started_at: string | null;
  /** Renewed while a server works on it: a batch whose worker stopped is taken up again. */
  heartbeat_at: string | null;
  finished_at: string | null;
}

/** One file of a batch: the uploaded PDF and, once sealed, the result (both in the file store). */
export interface ServiceBatchFileTable {
  batch_id: string;
  seq: number;
  name: string;
  input_sha256: string;
  status: 'waiting' | 'sealed' | 'failed';
  output_sha256: string | null;
  ledger_id: string | null;
  error: string | null;
}

/** A single sign-on provider the system admin configured (OIDC issuer or CAS server). */
export interface SsoProviderTable {
  id: string;
  kind: 'oidc' | 'cas';
  name: string;
  enabled: number;
  /** OIDC: the issuer URL (discovery); CAS: the server's base URL (…/cas). */
  url: string;
  client_id: string | null;
  /** The OIDC client secret under the KEK (secret box); never returned by the API. */
  client_secret_box: string | null;
  /** OIDC scopes, space separated. */
  scopes: string | null;
  /** CAS protocol 2 or 3. */
  cas_version: number | null;
  /** The claim or CAS attribute holding the campus ID (学号/工号). */
  campus_id_claim: string;
  /** The claim holding the org unit code a new person is created in. */
  unit_claim: string;
  name_claim: string;
  created_at: string;
  updated_at: string;
}

/** A sign-in in flight: state, nonce and PKCE verifier; then, awaiting a second factor, its user. */
export interface SsoLoginTable {
  state: string;
  provider_id: string;
  nonce: string | null;
  code_verifier: string | null;
  user_id: string | null;
  /** The CAS ticket or the OIDC ID token, kept for the session once it opens. */
  provider_session: string | null;
  expires_at: string;
}

/** A session opened through SSO: the CAS ticket (single logout) or ID token (RP-initiated logout). */
export interface SsoSessionTable {
  session_id: string;
  provider_id: string;
  provider_session: string;
  created_at: string;
}

/** The integration outbox: one business event, written in the transaction that made it happen. */
export interface IntegrationEventTable {
  id: string;
  type: string;
  /** JSON: ids and plain facts only, never document bytes. */
  data: string;
  created_at: string;
  /** When the event was fanned out to the subscriptions; null while waiting. */
  dispatched_at: string | null;
}

export interface WebhookSubscriptionTable {
  id: string;
  url: string;
  description: string;
  /** The signing secret, sealed under the KEK (owner `webhook:<id>`). */
  secret: string;
  /** JSON array of event types. */
  events: string;
  enabled: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  event_id: string;
  subscription_id: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  /** When the next try is due; null once succeeded or failed. */
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  /** The first 1,000 characters of the receiver's answer. */
  response_body: string | null;
}

export interface WebhookAllowedHostTable {
  host: string;
  created_by: string;
  created_at: string;
}

/** The LDAP source for directory sync: one row (id 1). The bind password is sealed under the KEK. */
export interface DirectoryConfigTable {
  id: number;
  url: string;
  start_tls: number;
  /** The CA certificate (PEM) the server's TLS certificate is checked against; null: the system's. */
  ca_pem: string | null;
  bind_dn: string;
  bind_password_box: string;
  unit_base: string;
  unit_filter: string;
  people_base: string;
  people_filter: string;
  /** JSON DirectoryAttributes: which LDAP attribute holds each field. */
  attributes: string;
  /** Minutes between scheduled syncs; null: on demand only. */
  interval_minutes: number | null;
  /** A sync that would disable more than this share of directory people refuses unless forced. */
  max_disable_percent: number;
  updated_by: string;
  updated_at: string;
}

/** One directory sync: a preview or an apply, its diff (JSON) or why it failed or was refused. */
export interface DirectoryRunTable {
  id: string;
  source: 'ldap' | 'csv';
  trigger: 'manual' | 'schedule';
  dry_run: number;
  outcome: 'previewed' | 'applied' | 'refused' | 'failed';
  diff: string | null;
  error: string | null;
  actor: string;
  started_at: string;
  finished_at: string;
}

/** WeChat Work or DingTalk as the system admin configured it; the *_box columns are sealed under the KEK. */
export interface ImAppTable {
  app: 'wecom' | 'dingtalk';
  enabled: number;
  corp_id: string;
  agent_id: string;
  /** DingTalk's AppKey; null for WeCom. */
  app_key: string | null;
  secret_box: string;
  callback_token_box: string | null;
  encoding_aes_key_box: string | null;
  /** null: the vendor's own hosts. */
  api_base_url: string | null;
  updated_by: string;
  updated_at: string;
}

/** A sign-in through WeCom or DingTalk in flight: its state and the console path to land on. */
export interface ImAppLoginTable {
  state: string;
  app: 'wecom' | 'dingtalk';
  next_path: string;
  /** Set once the vendor vouched for an account whose second factor is still due. */
  user_id: string | null;
  expires_at: string;
}

/** A vendor user id and the OpenSeal account it signed in as. */
export interface ImAppLinkTable {
  app: 'wecom' | 'dingtalk';
  vendor_user_id: string;
  user_id: string;
  linked_at: string;
}

export interface ContractTable {
  id: string;
  title: string;
  initiator_id: string;
  unit_id: string;
  status: 'signing' | 'completed' | 'declined' | 'voided' | 'expired';
  signing_order: 'sequential' | 'parallel';
  /** YYYY-MM-DD in the school's time zone, as the initiator chose it. */
  deadline: string | null;
  /** The end of `deadline` as an ISO 8601 UTC instant. */
  closes_at: string | null;
  original_sha256: string;
  current_sha256: string;
  void_reason: string | null;
  /** A completed contract's void, proposed by the initiator and awaiting the parties' agreement. */
  void_proposed_at: string | null;
  voided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ContractPartyTable {
  id: string;
  contract_id: string;
  position: number;
  kind: 'person' | 'organization';
  user_id: string | null;
  seal_id: string | null;
  /** Who acts for the party: the person, or the contract's initiator for an organisation. */
  actor_id: string;
  /** The contract's created_at, for lists in index order. */
  created_at: string;
  name: string;
  /** JSON SealPlacement, or null for the default place. */
  placement: string | null;
  /** JSON SigningDateAt: where the party's signing date is printed when they sign; null for none. */
  signing_date_at: string | null;
  status: 'waiting' | 'ready' | 'signed' | 'declined';
  signed_at: string | null;
  decline_reason: string | null;
  certificate_subject: string | null;
  /** People: the key custody the initiator chose (browser, token, event); null for organisations. */
  custody: 'browser' | 'token' | 'event' | null;
  /** People: 'campus' or 'real-name' (the check asked for); null for organisations. */
  identity: 'campus' | 'real-name' | null;
  /** JSON RealNameResult once a real-name check passed. */
  identity_check: string | null;
  /** JSON of a prepared signature (byte offsets, the bytes to sign, the certificate), between prepare and complete. */
  prepared: string | null;
  /** The prepared file in the file store. */
  prepared_sha256: string | null;
}

export interface ContractEventTable {
  id: string;
  contract_id: string;
  at: string;
  kind: string;
  actor: string;
  party_id: string | null;
  ip: string | null;
  user_agent: string | null;
  document_sha256: string;
  detail: string | null;
}

export interface SignerCertificateTable {
  id: string;
  user_id: string;
  /** SHA-256 hex of the key's SubjectPublicKeyInfo DER. */
  spki_sha256: string;
  certificate: Uint8Array;
  subject: string;
  not_after: string;
  issued_at: string;
}

/** The last evidence report sealed for a contract (migration 0029). */
export interface ContractEvidenceReportTable {
  contract_id: string;
  /** SHA-256 of everything the report says but the time it was made. */
  state_sha256: string;
  /** The report's file in the file store. */
  report_sha256: string;
  made_at: string;
}

export interface EvidenceSignerTable {
  /** What the key seals ('contract-evidence'). */
  purpose: string;
  certificate: Uint8Array;
  /** The private key under the KEK (plugins/keys.ts envelope). */
  key_envelope: Uint8Array;
  created_at: string;
}

export interface ContractSealJobTable {
  id: string;
  initiator_id: string;
  seal_id: string;
  status: 'running' | 'done';
  total: number;
  sealed: number;
  /** JSON [{contractId, code, message}]: every failure, so a contract that failed is not retried. */
  failures: string;
  created_at: string;
  finished_at: string | null;
}

export interface ContractWatcherTable {
  contract_id: string;
  user_id: string;
  /** The contract's created_at, for lists in index order. */
  created_at: string;
}

/** A one-time link that moves a party's signing from a computer to a phone, by the SHA-256 of its token. */
export interface ContractHandoffTable {
  id: string;
  contract_id: string;
  party_id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A contract template's current version; JSON text for the pdfme layout, roles and fields. */
export interface ContractTemplateTable {
  id: string;
  name: string;
  owner_unit_id: string;
  active: number;
  version: number;
  template: string;
  roles: string;
  fields: string;
  updated_by: string;
  created_at: string;
  updated_at: string;
}

/** Every saved version of a contract template, never changed once written. */
export interface ContractTemplateVersionTable {
  template_id: string;
  version: number;
  name: string;
  template: string;
  roles: string;
  fields: string;
  saved_by: string;
  saved_at: string;
}

/** A person outside the school who signs one contract: their account row is `user_id` (migration 0028). */
export interface ExternalSignerTable {
  user_id: string;
  contract_id: string;
  name: string;
  /** Mainland mobile number, 11 digits. */
  phone: string | null;
  email: string | null;
  created_at: string;
}

/** The link an external party signs in by, and its one-time code; both kept as SHA-256 only. */
export interface ContractInvitationTable {
  id: string;
  contract_id: string;
  party_id: string;
  user_id: string;
  token_sha256: string;
  channel: 'sms' | 'email';
  created_at: string;
  sent_at: string | null;
  send_error: string | null;
  code_sha256: string | null;
  code_expires_at: string | null;
  code_tries: Generated<number>;
  code_sent_at: string | null;
  code_window_start: string | null;
  code_window_count: Generated<number>;
}

/** The SMS gateway (one row): the demo outbox or a generic HTTP gateway with a sealed bearer secret. */
export interface SmsSettingsTable {
  id: number;
  provider: 'demo' | 'http';
  url: string | null;
  secret_box: string | null;
  updated_by: string;
  updated_at: string;
}

/** What the demo SMS provider sent, for the system admin to read (短信发件箱). */
export interface SmsOutboxTable {
  id: string;
  to_number: string;
  text: string;
  created_at: string;
}
