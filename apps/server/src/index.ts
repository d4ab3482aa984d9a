// Public entry of @openseal/server for the CLI and tests: the app, its config, the database and the
// audit-chain functions the `openseal audit verify` command needs.

export { type AppDeps, buildApp } from './app.ts';
export {
  ConfigError,
  type DatabaseConfig,
  DEFAULT_TIME_ZONE,
  type LoadedConfig,
  loadConfig,
  type ServerConfig,
} from './config.ts';
export { migrateToLatest } from './db/migrate.ts';
export { openDatabase } from './db/open-database.ts';
export type { Database } from './db/schema.ts';
export type { DemoCohort } from './demo/seed-demo-cohort.ts';
export type { DemoSchool } from './demo/seed-demo-school.ts';
export { AppError } from './errors.ts';
export {
  type Checkpoint,
  type CheckpointLine,
  readCheckpoints,
  writeCheckpoint,
} from './modules/audit/audit-checkpoint.ts';
export {
  type AuditKeys,
  deriveAuditKeys,
  readAuditKeys,
  withAuditKeys,
} from './modules/audit/audit-keys.ts';
export { type AuditEvent, appendAudit } from './modules/audit/audit-log.ts';
export { checkpointDir } from './modules/audit/checkpoint-file.ts';
export { type VerifyAuditOptions, verifyAuditChain } from './modules/audit/verify-audit-chain.ts';
export { evaluateUseRisk, type UseRiskInput } from './modules/sealing/use-risk.ts';
export { openServerPki, serverPkiDir, serverPkiExists, serverSm2PkiDir } from './server-pki.ts';
export { seedDemoCohort, seedDemoOnFirstStart, startServer } from './start-server.ts';
