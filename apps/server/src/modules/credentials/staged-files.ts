// The write-ahead list of a batch's sealed files between the file store and the transaction that
// records their credentials. A file is listed before it is stored and unlisted in that transaction,
// so whatever a crash leaves listed is a file no ledger row refers to: an orphan to sweep.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';

/** Rows per statement: 4 parameters each, far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

export async function stageFiles(
  db: Kysely<Database>,
  jobId: string,
  runner: string,
  sha256s: readonly string[],
  now: Date,
): Promise<void> {
  if (sha256s.length === 0) return;
  const staged_at = now.toISOString();
  await db
    .insertInto('credential_staged_files')
    .values(sha256s.map((sha256) => ({ job_id: jobId, sha256, runner, staged_at })))
    .execute();
}

/** Inside the transaction that records the credentials of these files. */
export async function unstageFiles(
  trx: Kysely<Database>,
  jobId: string,
  sha256s: readonly string[],
): Promise<void> {
  for (let i = 0; i < sha256s.length; i += CHUNK) {
    await trx
      .deleteFrom('credential_staged_files')
      .where('job_id', '=', jobId)
      .where('sha256', 'in', sha256s.slice(i, i + CHUNK))
      .execute();
  }
}

export interface SweepScope {
  /** Only files staged by this runner (whose earlier runs are over) … */
  runner?: string;
  /** … or staged at or before this time (another live process may still be storing later ones). */
  stagedBy?: Date;
}

/**
 * Deletes the job's staged files that no credential refers to, and their rows; without a scope,
 * every one (the job is over: nothing staged can be committed any more). Returns how many files.
 */
export async function sweepStagedFiles(
  db: Kysely<Database>,
  files: FileStore,
  jobId: string,
  scope?: SweepScope,
): Promise<number> {
  let q = db
    .selectFrom('credential_staged_files as s')
    .leftJoin('credentials as c', 'c.sha256', 's.sha256')
    .select(['s.sha256', 'c.id as credentialId'])
    .where('s.job_id', '=', jobId);
  if (scope) {
    const { runner, stagedBy } = scope;
    q = q.where((eb) =>
      eb.or([
        ...(runner ? [eb('s.runner', '=', runner)] : []),
        ...(stagedBy ? [eb('s.staged_at', '<=', stagedBy.toISOString())] : []),
      ]),
    );
  }
  const rows = await q.execute();
  let removed = 0;
  for (const r of rows) {
    if (r.credentialId !== null) continue;
    await files.remove(r.sha256);
    removed += 1;
  }
  await unstageFiles(
    db,
    jobId,
    rows.map((r) => r.sha256),
  );
  return removed;
}
