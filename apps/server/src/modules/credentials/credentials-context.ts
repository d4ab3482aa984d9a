import type { VerificationResult } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import type { Jobs } from '../../plugins/jobs.ts';
import type { ApprovalsContext } from '../approvals/approvals-context.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { IssuePolicy } from './issue-policy.ts';
import type { CredentialRenderer } from './render-task.ts';
import type { SampleRecordSource } from './templates-service.ts';

/** What the credential service needs, passed in (no globals). */
export interface CredentialsContext {
  db: Kysely<Database>;
  clock: () => Date;
  /** The archive: sealed credentials by SHA-256. */
  files: FileStore;
  seals: SealsContext;
  approvals: ApprovalsContext;
  /** Printed in every footer and QR code, e.g. https://verify.example.edu (no trailing slash). */
  publicUrl: string;
  /** Demo mode: credentials may print a loopback publicUrl (public-address.ts). */
  demo: boolean;
  /** The school's time zone (IANA): the printed date of issue is the day in it. */
  timeZone: string;
  /** Renders and seals credentials: worker threads on every core (credential-renderer-pool.ts). */
  renderer: CredentialRenderer;
  /** Fees and quotas for credentials people ask for themselves (portal; the kiosk later). */
  issuePolicy: IssuePolicy;
  /** The public verification of a file (the verification module): the QR view verifies the original again. */
  verify: (pdf: Uint8Array) => Promise<VerificationResult>;
  /** What a template preview without a stored record shows (the demo's sample people). */
  sampleRecord?: SampleRecordSource;
  /** The server's scheduler: a batch job that stopped on an error is retried through it. */
  jobs: Jobs;
}
