// The write-ahead list of a batch's sealed files between the file store and the transaction that
// records their credentials. A file is listed before it is stored and unlisted in that transaction,
// so whatever a crash leaves listed is a file no ledger row refers to: an orphan to sweep.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';

/** Rows per statement: 4 parameters each, far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/** A runner's name: `host/pid/uuid`, so a later process on the same host can tell it is gone. */
export function runnerName(): string {
  return `${hostname()}/${process.pid}/${randomUUID()}`;
}

/**
 * Whether the runner `name` is over, seen from the runner `self`: on this host, its process has exited
 * or is this very process (a restarted container reuses the pid). Elsewhere it cannot be told.
 */
export function runnerIsOver(name: string, self: string): boolean {
  if (name === self) return false;
  const [host, pid] = name.split('/');
  const [selfHost, selfPid] = self.split('/');
  if (host !== selfHost || !pid) return false;
  if (pid === selfPid) return true;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The runners that staged files of this job and have not unlisted them all. */
export async function stagingRunners(db: Kysely<Database>, jobId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('credential_staged_files')
    .select('runner')
    .distinct()
    .where('job_id', '=', jobId)
    .execute();
  return rows.map((r) => r.runner);
}

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
  /** Only files staged by these runners (whose runs are over) … */
  runners: readonly string[];
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
    const { runners, stagedBy } = scope;
    q = q.where((eb) =>
      eb.or([
        ...(runners.length > 0 ? [eb('s.runner', 'in', runners)] : []),
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
