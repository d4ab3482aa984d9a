import { randomUUID } from 'node:crypto';
import type { DirectoryDiff, DirectoryRun } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { endDelegationsOf, flagOpenRequestsOf } from '../approvals/leaver-requests.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import {
  type DirectoryPersonFields,
  disableDirectoryAccount,
  insertDirectoryAccount,
  listAccountsForDirectory,
  updateDirectoryAccount,
} from '../auth/directory-accounts.ts';
import { insertDirectoryUnit, listUnitsForDirectory, moveOrgUnit } from '../org/directory-units.ts';
import { renameOrgUnit, rootUnitId } from '../org/org-service.ts';
import { endSealGrantsOf } from '../seals/leaver-grants.ts';
import { securityRoleHolders } from '../users/user-reads.ts';
import { computeDirectoryDiff, exceedsDisableLimit } from './directory-diff.ts';
import type { DirectorySnapshot } from './directory-source.ts';

export type Who = Pick<AuditEvent, 'actor' | 'role' | 'org' | 'requestId'>;

export interface SyncOptions {
  source: DirectoryRun['source'];
  trigger: DirectoryRun['trigger'];
  dryRun: boolean;
  force: boolean;
  maxDisablePercent: number;
  who: Who;
  clock: () => Date;
}

async function loadState(db: Kysely<Database>) {
  const [rootId, units, accounts] = await Promise.all([
    rootUnitId(db),
    listUnitsForDirectory(db),
    listAccountsForDirectory(db),
  ]);
  const securityHolders = await securityRoleHolders(db);
  return { rootId, units, accounts, securityHolders };
}

/** Writes the diff: units first (parents before children), then people, then leavers. */
async function applyDiff(
  trx: Kysely<Database>,
  source: DirectorySnapshot,
  diff: DirectoryDiff,
  opts: SyncOptions,
): Promise<void> {
  const now = opts.clock();
  const audit = (action: string, object: string) =>
    appendAudit(trx, { ...opts.who, action, object, outcome: 'success' }, { clock: opts.clock });
  const state = await loadState(trx);
  const unitId = new Map(state.units.filter((u) => u.code !== null).map((u) => [u.code as string, u.id]));
  const parentOf = (code: string | null) => (code === null ? state.rootId : (unitId.get(code) as string));
  for (const u of diff.units) {
    if (u.change === 'create') {
      const id = await insertDirectoryUnit(
        trx,
        { code: u.code, nameZh: u.nameZh, nameEn: u.nameEn, parentId: parentOf(u.parentCode) },
        now,
      );
      unitId.set(u.code, id);
      await audit('directory.unit.create', `org_unit:${id}`);
    } else {
      const id = unitId.get(u.code) as string;
      if (u.change === 'rename') await renameOrgUnit(trx, id, { nameZh: u.nameZh, nameEn: u.nameEn });
      else await moveOrgUnit(trx, id, parentOf(u.parentCode));
      await audit(`directory.unit.${u.change}`, `org_unit:${id}`);
    }
  }
  const person = new Map(source.people.map((p) => [p.campusId, p]));
  const account = new Map(state.accounts.filter((a) => a.campusId !== null).map((a) => [a.campusId, a]));
  for (const change of diff.people) {
    if (change.change === 'disable') {
      const id = account.get(change.campusId)?.id as string;
      await disableDirectoryAccount(trx, id, now);
      const grants = await endSealGrantsOf(trx, id, now);
      const delegations = await endDelegationsOf(trx, id, now);
      const flagged = await flagOpenRequestsOf(trx, id);
      await audit(
        'directory.person.disable',
        `user:${id} grants:${grants} delegations:${delegations} flagged:${flagged.length}`,
      );
      continue;
    }
    const p = person.get(change.campusId);
    if (!p) throw new Error(`diff names ${change.campusId}, which the source does not list`);
    const fields: DirectoryPersonFields = {
      campusId: p.campusId,
      displayName: p.name,
      email: p.email,
      phone: p.phone,
      unitId: unitId.get(p.unitCode) as string,
    };
    const existing = account.get(change.campusId);
    const id = existing ? existing.id : await insertDirectoryAccount(trx, fields, now);
    if (existing) await updateDirectoryAccount(trx, id, fields);
    await audit(`directory.person.${change.change}`, `user:${id}`);
  }
  await audit(
    'directory.sync',
    `source:${opts.source} units:${diff.units.length} people:${diff.people.length}`,
  );
}

async function recordRun(
  db: Kysely<Database>,
  opts: SyncOptions,
  startedAt: Date,
  outcome: DirectoryRun['outcome'],
  diff: DirectoryDiff | null,
  error: string | null,
): Promise<DirectoryRun> {
  const run: DirectoryRun = {
    id: randomUUID(),
    source: opts.source,
    trigger: opts.trigger,
    dryRun: opts.dryRun,
    outcome,
    diff,
    error,
    actor: opts.who.actor ?? 'system',
    startedAt: startedAt.toISOString(),
    finishedAt: opts.clock().toISOString(),
  };
  await db
    .insertInto('directory_runs')
    .values({
      id: run.id,
      source: run.source,
      trigger: run.trigger,
      dry_run: run.dryRun ? 1 : 0,
      outcome,
      diff: diff ? JSON.stringify(diff) : null,
      error,
      actor: run.actor,
      started_at: run.startedAt,
      finished_at: run.finishedAt,
    })
    .execute();
  return run;
}

/**
 * One sync from a snapshot the source already yielded: the diff against the database; a dry run
 * stops there; otherwise the diff is written in one transaction with its audit entries. Inconsistent
 * source data, or more leavers than the safety limit allows (unless forced), refuse the whole sync.
 * Every run, refused or failed too, is kept in the history.
 */
export async function syncDirectory(
  db: Kysely<Database>,
  source: DirectorySnapshot,
  opts: SyncOptions,
): Promise<DirectoryRun> {
  const startedAt = opts.clock();
  const { diff, problems } = computeDirectoryDiff(source, await loadState(db));
  if (problems.length > 0) {
    await recordRun(db, opts, startedAt, 'refused', null, problems.join('; '));
    throw new AppError('ERR_DIRECTORY_DATA', problems.join('; '), problems);
  }
  if (opts.dryRun) return recordRun(db, opts, startedAt, 'previewed', diff, null);
  if (!opts.force && exceedsDisableLimit(diff, opts.maxDisablePercent)) {
    await recordRun(db, opts, startedAt, 'refused', diff, 'ERR_DIRECTORY_SAFETY_LIMIT');
    throw new AppError('ERR_DIRECTORY_SAFETY_LIMIT');
  }
  try {
    await db.transaction().execute((trx) => applyDiff(trx, source, diff, opts));
  } catch (err) {
    await recordRun(db, opts, startedAt, 'failed', diff, err instanceof Error ? err.message : String(err));
    throw err;
  }
  return recordRun(db, opts, startedAt, 'applied', diff, null);
}

/** Runs failing before a diff exists (the source could not be read) are kept in the history too. */
export async function recordFailedRun(
  db: Kysely<Database>,
  opts: SyncOptions,
  startedAt: Date,
  err: unknown,
): Promise<void> {
  await recordRun(db, opts, startedAt, 'failed', null, err instanceof AppError ? err.code : 'ERR_INTERNAL');
}

export async function listDirectoryRuns(db: Kysely<Database>): Promise<DirectoryRun[]> {
  const rows = await db
    .selectFrom('directory_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    trigger: r.trigger,
    dryRun: r.dry_run === 1,
    outcome: r.outcome,
    diff: r.diff ? (JSON.parse(r.diff) as DirectoryDiff) : null,
    error: r.error,
    actor: r.actor,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
}
