import { type Role, SECURITY_ROLES } from '@openseal/contract';
import type { CryptoMode, Pki, Timestamper } from '@openseal/pki';
import Fastify, { type FastifyInstance, type FastifyServerFactory, LogController } from 'fastify';
import type { DestinationStream } from 'pino';
import { accessLookups } from './access-lookups.ts';
import { BOXED_SECRETS } from './boxed-secrets.ts';
import { DEFAULT_TIME_ZONE, type ServerConfig } from './config.ts';
import { resealColumns } from './db/reseal-column.ts';
import { loggerOptions } from './logger.ts';
import type { ApprovalsContext } from './modules/approvals/approvals-context.ts';
import { approvalsRoutes } from './modules/approvals/approvals-routes.ts';
import { rewriteRequestKeyEnvelopes } from './modules/approvals/request-key-rewrite.ts';
import { tickRequests } from './modules/approvals/requests-service.ts';
import { deriveAuditKeys, withAuditKeys } from './modules/audit/audit-keys.ts';
import { appendAudit } from './modules/audit/audit-log.ts';
import { type AuditCheckpointPolicy, auditPlugin } from './modules/audit/audit-plugin.ts';
import { auditRoutes } from './modules/audit/audit-routes.ts';
import { checkpointDir } from './modules/audit/checkpoint-file.ts';
import { authRoutes } from './modules/auth/auth-routes.ts';
import { kekSecretBox, type SecretBox } from './modules/auth/secret-box.ts';
import { ssoRoutes } from './modules/auth/sso/sso-routes.ts';
import { expireContracts } from './modules/contracts/contract-closing.ts';
import { contractHandoffRoutes } from './modules/contracts/contract-handoff-routes.ts';
import { contractInvitationsRoutes } from './modules/contracts/contract-invitations-routes.ts';
import { remindWaitingSigners } from './modules/contracts/contract-reminders.ts';
import { contractTemplatesRoutes } from './modules/contracts/contract-templates-routes.ts';
import type { ContractsContext } from './modules/contracts/contracts-context.ts';
import { contractsRoutes } from './modules/contracts/contracts-routes.ts';
import { demoRealNameProvider } from './modules/contracts/real-name/demo-real-name.ts';
import type { RealNameProvider } from './modules/contracts/real-name/real-name-provider.ts';
import { runSealJobs } from './modules/contracts/seal-jobs.ts';
import { credentialDataRoutes } from './modules/credentials/credential-data-routes.ts';
import { credentialIssueRoutes } from './modules/credentials/credential-issue-routes.ts';
import { credentialJobRoutes } from './modules/credentials/credential-job-routes.ts';
import { createCredentialRendererPool } from './modules/credentials/credential-renderer-pool.ts';
import type { CredentialsContext } from './modules/credentials/credentials-context.ts';
import { dailyQuotaPolicy } from './modules/credentials/issue-policy.ts';
import { isLoopbackUrl } from './modules/credentials/public-address.ts';
import type { CredentialRenderer } from './modules/credentials/render-task.ts';
import { directoryRoutes } from './modules/directory/directory-routes.ts';
import { disableLeaver } from './modules/directory/leaver.ts';
import { healthRoutes } from './modules/health/health-routes.ts';
import { dingtalkChannel } from './modules/integrations/dingtalk/dingtalk-channel.ts';
import { type ImAppsContext, imAppsContext } from './modules/integrations/im-apps/im-apps-context.ts';
import { imAppsRoutes } from './modules/integrations/im-apps/im-apps-routes.ts';
import { integrationsRoutes, type WebhookOptions } from './modules/integrations/integrations-routes.ts';
import { wecomChannel } from './modules/integrations/wecom/wecom-channel.ts';
import type { MessageChannel } from './modules/messages/channel.ts';
import { emailChannel } from './modules/messages/email/email-channel.ts';
import { type MessagesOptions, messagesRoutes } from './modules/messages/messages-routes.ts';
import { outsideSenders } from './modules/messages/sms/outside-senders.ts';
import { smsRoutes } from './modules/messages/sms/sms-routes.ts';
import { orgRoutes } from './modules/org/org-routes.ts';
import { reportsRoutes } from './modules/reports/reports-routes.ts';
import { checkCertificateExpiry } from './modules/risk/certificate-expiry.ts';
import { evaluateFileMismatch } from './modules/risk/file-mismatch.ts';
import { recordRiskFindings } from './modules/risk/risk-alerts.ts';
import { riskRoutes } from './modules/risk/risk-routes.ts';
import { schoolRoutes } from './modules/school/school-routes.ts';
import { timeZoneRoutes } from './modules/school-time/time-zone-routes.ts';
import { backfillLedgerSm3 } from './modules/sealing/ledger-sm3-backfill.ts';
import { sealingRoutes } from './modules/sealing/sealing-routes.ts';
import { rewriteSealKeyEnvelopes } from './modules/seals/seal-key-rewrite.ts';
import { auditWho, type SealsContext } from './modules/seals/seals-context.ts';
import { sealsRoutes } from './modules/seals/seals-routes.ts';
import { serviceApiRoutes } from './modules/service-api/service-api-routes.ts';
import { serviceKeyGate } from './modules/service-api/service-keys.ts';
import type { UploadsContext } from './modules/uploads/uploads-context.ts';
import { uploadsRoutes } from './modules/uploads/uploads-routes.ts';
import { purgeExpiredUploads } from './modules/uploads/uploads-service.ts';
import { checkAccountsAtStart } from './modules/users/account-check.ts';
import { usersRoutes } from './modules/users/users-routes.ts';
import { insertRoleGrant } from './modules/users/users-service.ts';
import { verificationRoutes } from './modules/verification/verification-routes.ts';
import { verifyUpload } from './modules/verification/verification-service.ts';
import { exclusivePairs } from './plugins/access-policy.ts';
import { authorizePlugin } from './plugins/authorize.ts';
import { dbPlugin } from './plugins/db.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { fileEncryption } from './plugins/file-encryption.ts';
import { openFileStores } from './plugins/file-stores.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { loadOrCreateKek } from './plugins/keys.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { requestLogPlugin } from './plugins/request-log.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { assertRoutesServed } from './plugins/serve-routes.ts';
import { turnBudgetPlugin } from './plugins/turn-budget.ts';
import { webStaticPlugin } from './plugins/web-static.ts';
import { routeScopes } from './route-scopes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The seal service's context, for work outside requests (the demo seed). */
    seals: SealsContext;
    /** The approval service's context, for the deadline job. */
    approvals: ApprovalsContext;
    /** The credential service's context, for the demo seed and the batch jobs. */
    credentials: CredentialsContext;
    /** Account secrets under the KEK (TOTP secrets, reset and recovery codes). */
    secrets: SecretBox;
  }
}

export interface AppDeps {
  /** TSA for seals and the audit checkpoints (the built-in PKI's, when loaded). */
  timestamper?: Timestamper;
  /** When audit checkpoints are written; default every 5 minutes or 1,000 entries (config). */
  auditCheckpoints?: Partial<AuditCheckpointPolicy>;
  /** Lets the caller route some requests (the PKI's /pki/*) before Fastify sees them. */
  serverFactory?: FastifyServerFactory;
  /** Default: the system clock. Sessions, lockouts and audit-visible timestamps read it. */
  clock?: () => Date;
  /** Mutually exclusive role pairs on top of the three security roles (三员分立). */
  exclusiveRolePairs?: readonly (readonly [Role, Role])[];
  /** Roles that must use TOTP, on top of the three security roles. */
  totpRequiredRoles?: readonly Role[];
  /** Sign-in attempts per client IP and username; default 10 per 15 minutes. */
  loginLimit?: { maxAttempts: number; windowMs: number };
  /** The built-in PKI: issues seal certificates. Without it seals are recorded but cannot stamp. */
  pki?: Pki;
  /** The built-in SM2 (国密) PKI: issues SM2 seal certificates; its root is trusted beside the first's. */
  sm2Pki?: Pki;
  /** How often approval deadlines are checked; default one minute. */
  approvalTickMs?: number;
  /** How often uploads whose hour is up are purged; default ten minutes. */
  uploadPurgeMs?: number;
  /** The webhook worker's poll interval, retry schedule, DNS and timeout; defaults in integrations. */
  webhooks?: Partial<WebhookOptions>;
  /** WeChat Work and DingTalk: tests pass their fetch or a fixed token cache. */
  imApps?: Partial<Pick<ImAppsContext, 'fetch' | 'tokens' | 'timeoutMs'>>;
  /** The messages worker's poll interval and retry schedule; defaults in messages. */
  messages?: Partial<MessagesOptions>;
  /** Where log lines go; default stdout. */
  logStream?: DestinationStream;
  /** How often the counter-sealing worker takes the next chunk; default half a second. */
  sealJobTickMs?: number;
  /** 实名认证 for contracts; default the demo's provider in demo mode, else none. */
  realName?: RealNameProvider;
  /** Renders and seals credentials; default a worker-thread pool, one worker per core. */
  renderer?: CredentialRenderer;
}

/** Fastify's trustProxy: a hop count becomes proxy-addr's "the nearest N hops" (its types omit numbers). */
function trustProxyOption(setting: ServerConfig['trustProxy']) {
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return setting ?? false;
}

/**
 * After a crypto-mode switch (OPENSEAL_CRYPTO_MODE), the seal keys, the PKCS#12 keys awaiting approval
 * and the account secrets still in the other mode's envelope are rewritten in this one, with one audit
 * entry saying how many (never what). The rows are rewritten one by one, each conditional on the value
 * read, not in one transaction: two servers starting at once would otherwise lock each other out.
 */
async function rewriteKeysAtStart(
  app: FastifyInstance,
  kek: Uint8Array | undefined,
  mode: CryptoMode,
  clock: () => Date,
): Promise<void> {
  const seals = kek ? await rewriteSealKeyEnvelopes(app.db, kek, mode) : 0;
  const requests = kek ? await rewriteRequestKeyEnvelopes(app.db, kek, mode) : 0;
  const secrets = await resealColumns(app.db, app.secrets, BOXED_SECRETS);
  if (seals + requests + secrets === 0) return;
  app.log.info({ seals, requests, secrets, mode }, 'keys and secrets rewritten in the mode');
  await appendAudit(
    app.db,
    {
      actor: 'system',
      action: 'crypto.mode.rewrite',
      object: `mode:${mode} seals:${seals} requests:${requests} secrets:${secrets}`,
      outcome: 'success',
    },
    { clock },
  );
}

/**
 * The whole server, every plugin and domain module registered by name (no autoload), so this list is
 * what the server does. Resolves once the database is migrated and routes are ready.
 */
export async function buildApp(config: ServerConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { ...loggerOptions(config.logLevel), ...(deps.logStream ? { stream: deps.logStream } : {}) },
    // Fastify's default strips unknown properties, and inside anyOf it strips them while trying the
    // first branch, so a later branch of a union (a keyword placement, a PKCS#12 key source) would
    // arrive without its fields. Unknown properties are refused instead, as the schemas say.
    ajv: { customOptions: { removeAdditional: false } },
    // requestLogPlugin writes one line per request instead, with access codes redacted.
    logController: new LogController({ disableRequestLogging: true }),
    // Unset: X-Forwarded-* are ignored and req.ip is the peer; set: the proxies' headers are believed.
    trustProxy: trustProxyOption(config.trustProxy),
    ...(deps.serverFactory ? { serverFactory: deps.serverFactory } : {}),
  });
  await app.register(turnBudgetPlugin);
  await app.register(jobsPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(requestLogPlugin, { clock: deps.clock ?? (() => new Date()) });
  await app.register(securityHeadersPlugin);
  // The KEK file is only made once there is a PKI to issue seal keys from. The audit log is keyed
  // with keys derived from it, carried by app.db so every transaction's append is keyed.
  const kek = config.kek ?? (deps.pki ? loadOrCreateKek(config.dataDir) : undefined);
  const auditKeys = kek ? deriveAuditKeys(kek) : undefined;
  await app.register(dbPlugin, {
    database: config.database,
    ...(auditKeys ? { carry: (db) => withAuditKeys(db, auditKeys) } : {}),
  });
  await app.register(openapiPlugin);

  await app.register(auditPlugin, {
    dir: checkpointDir(config.dataDir),
    clock: deps.clock ?? (() => new Date()),
    policy: { ...config.auditCheckpoints, ...deps.auditCheckpoints },
    ...(auditKeys ? { keys: auditKeys } : {}),
    ...(deps.timestamper ? { timestamper: deps.timestamper } : {}),
  });

  await app.register(webStaticPlugin);

  // Every route registered from here on must declare its access (public, session or a permission).
  const clock = deps.clock ?? (() => new Date());
  const timeZone = config.timeZone ?? DEFAULT_TIME_ZONE;
  const totpRequiredRoles = [...new Set([...SECURITY_ROLES, ...(deps.totpRequiredRoles ?? [])])];
  const serviceKeys = serviceKeyGate(clock);
  await app.register(authorizePlugin, {
    clock,
    totpRequiredRoles,
    scopes: routeScopes,
    ...accessLookups,
    authenticateService: serviceKeys.authenticate,
  });
  await app.register(healthRoutes);
  // TOTP secrets and reset codes are kept under the KEK, read on first use (the seal keys' KEK).
  const secrets = kekSecretBox(() => config.kek ?? loadOrCreateKek(config.dataDir), config.cryptoMode);
  app.decorate('secrets', secrets);
  await app.register(authRoutes, {
    clock,
    secrets,
    totpRequiredRoles,
    loadGrants: accessLookups.loadGrants,
    ...(deps.loginLimit ? { loginLimit: deps.loginLimit } : {}),
  });
  await app.register(ssoRoutes, {
    clock,
    secrets,
    totpRequiredRoles,
    loadGrants: accessLookups.loadGrants,
    grantMember: (trx, userId, unitId, now) => insertRoleGrant(trx, { userId, role: 'member', unitId }, now),
  });
  await app.register(timeZoneRoutes, { timeZone });
  await app.register(orgRoutes, { clock });
  await app.register(usersRoutes, {
    clock,
    secrets,
    exclusivePairs: exclusivePairs(deps.exclusiveRolePairs),
  });
  await checkAccountsAtStart(app.db, secrets, app.log);
  await app.register(auditRoutes, {
    checkpointDir: checkpointDir(config.dataDir),
    tsaCertificates: deps.pki ? [deps.pki.tsa.certificate] : [],
    clock,
    ...(auditKeys ? { keys: auditKeys } : {}),
  });
  await app.register(schoolRoutes, { clock });
  await app.register(directoryRoutes, { clock, secrets });
  await app.register(integrationsRoutes, {
    clock,
    secrets,
    ...(deps.webhooks ? { webhooks: deps.webhooks } : {}),
  });
  // WeChat Work and DingTalk: one context, so sign-in, callbacks and their message channels share the tokens.
  const imApps = imAppsContext({
    db: app.db,
    secrets,
    clock,
    disableLeaver: (userId, who) => disableLeaver(app.db, userId, who, clock()),
    ...deps.imApps,
  });
  await app.register(imAppsRoutes, { ctx: imApps });
  await app.register(riskRoutes, { clock, timeZone });
  await app.register(reportsRoutes, { clock, timeZone });
  const seals: SealsContext = {
    db: app.db,
    clock,
    timeZone,
    ...(deps.pki ? { pki: deps.pki } : {}),
    ...(deps.sm2Pki ? { sm2Pki: deps.sm2Pki } : {}),
    ...(kek ? { kek } : {}),
    cryptoMode: config.cryptoMode ?? 'standard',
    ...(deps.timestamper ? { timestamper: deps.timestamper } : {}),
    ...(config.pkcs11 ? { pkcs11: config.pkcs11 } : {}),
  };
  app.decorate('seals', seals);
  await rewriteKeysAtStart(app, kek, config.cryptoMode ?? 'standard', clock);
  await app.register(sealsRoutes, seals);
  await app.register(sealingRoutes, seals);
  await app.register(verificationRoutes, seals);
  // Documents are encrypted at rest in the crypto mode, under the seal keys' KEK.
  const stores = await openFileStores(
    config.dataDir,
    fileEncryption(config.cryptoMode ?? 'standard', () => kek ?? loadOrCreateKek(config.dataDir)),
    app.log,
  );
  const files = stores.files;
  const uploads: UploadsContext = { db: app.db, clock, files: stores.uploads };
  await app.register(uploadsRoutes, uploads);
  const approvals: ApprovalsContext = {
    db: app.db,
    clock,
    files,
    uploads,
    seals,
    executors: new Map(),
    subjects: new Map(),
  };
  app.decorate('approvals', approvals);
  await app.register(approvalsRoutes, {
    ...approvals,
    onFileMismatch: async (who, d) => {
      const findings = await evaluateFileMismatch(app.db, d.expected, d.got);
      await recordRiskFindings(
        app.db,
        findings,
        {
          actor: auditWho(who),
          sealId: d.sealId,
          userId: who.userId,
          requestId: d.requestId,
          documentSha256: d.got,
        },
        clock,
      );
    },
  });
  // Ledger rows sealed before migration 0015 get their kept file's SM3, once.
  const ledgerSm3 = await backfillLedgerSm3(app.db, files);
  if (ledgerSm3.filled > 0) app.log.info(ledgerSm3, 'ledger: SM3 added to rows sealed before 0015');
  const publicUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  if (isLoopbackUrl(publicUrl))
    app.log.warn(
      `OPENSEAL_PUBLIC_URL is ${config.publicUrl ? publicUrl : 'not set'}: credentials would print ${publicUrl}, ` +
        'which no reader can open. ' +
        (config.demo
          ? 'Demo mode (OPENSEAL_DEMO=1) issues them anyway; set OPENSEAL_PUBLIC_URL before real use.'
          : 'Credentials are refused until OPENSEAL_PUBLIC_URL names the address readers use.'),
    );
  const realName = deps.realName ?? (config.demo ? demoRealNameProvider : undefined);
  const contracts: ContractsContext = {
    db: app.db,
    clock,
    timeZone,
    files,
    uploads,
    seals,
    publicUrl,
    ...(realName ? { realName } : {}),
  };
  await app.register(contractsRoutes, contracts);
  const outside = outsideSenders(app.db, secrets, { clock, demo: config.demo ?? false });
  await app.register(contractInvitationsRoutes, { contracts, ...outside });
  await app.register(smsRoutes, { clock, secrets });
  await app.register(contractTemplatesRoutes, contracts);
  await app.register(contractHandoffRoutes, contracts);
  const renderer = deps.renderer ?? createCredentialRendererPool({ seals });
  if (!deps.renderer) app.addHook('onClose', () => renderer.close());
  const credentials: CredentialsContext = {
    db: app.db,
    clock,
    files,
    seals,
    approvals,
    publicUrl,
    demo: config.demo ?? false,
    timeZone,
    renderer,
    issuePolicy: dailyQuotaPolicy(config.portalDailyQuota ?? 20),
    verify: (pdf) => verifyUpload(seals, pdf),
    // The demo's data is loaded only when a preview of a type without records asks for it.
    sampleRecord: async (code, audience, now) =>
      (await import('./demo/sample-record.ts')).demoSampleRecord(code, audience, now),
    jobs: app.jobs,
  };
  app.decorate('credentials', credentials);
  await app.register(credentialDataRoutes, credentials);
  await app.register(credentialIssueRoutes, credentials);
  await app.register(credentialJobRoutes, credentials);
  await app.register(serviceApiRoutes, {
    db: app.db,
    clock,
    seals,
    credentials,
    files,
    jobs: app.jobs,
    log: app.log,
    keys: serviceKeys,
  });
  // Messages to people outside the console: every channel is built here, in this one list.
  const messageChannels: MessageChannel[] = [
    emailChannel(app.db, secrets),
    wecomChannel(imApps),
    dingtalkChannel(imApps),
  ];
  await app.register(messagesRoutes, {
    clock,
    secrets,
    publicUrl,
    channels: messageChannels,
    ...(deps.messages ? { messages: deps.messages } : {}),
  });
  // Every route of the table has a handler by now: one without fails the start.
  assertRoutesServed(app);
  // Approval deadlines (reminders, escalations) every minute; certificates close to expiry hourly.
  app.jobs.every('approval deadline check', deps.approvalTickMs ?? 60_000, () => tickRequests(approvals));
  app.jobs.every('certificate expiry check', 3_600_000, () => checkCertificateExpiry(app.db, clock()));
  app.jobs.every('contract deadline check', 600_000, () => expireContracts(contracts));
  app.jobs.every('contract reminders', 3_600_000, () => remindWaitingSigners(contracts));
  app.jobs.every('contract counter-sealing', deps.sealJobTickMs ?? 500, () => runSealJobs(contracts));
  app.jobs.every('expired upload purge', deps.uploadPurgeMs ?? 600_000, () => purgeExpiredUploads(uploads));

  await app.ready();
  return app;
}
