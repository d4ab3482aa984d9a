// The last evidence report sealed for each contract, kept so a download of an unchanged contract
// costs a lookup, not a render, a signature and a timestamp. A report is keyed by the state it
// describes (the SHA-256 of everything it says but when it was made): any new event or change makes a
// new state, so a stale report is never served. A new report is kept in memory; when its state is
// asked for again it is also stored (its file in the file store, a row naming file and state), so
// later downloads get the same bytes after a restart too. Most contracts' reports are fetched once:
// storing each at once cost every contract a file write and a row, and 80 % more bytes kept.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { groupCommit } from '../../db/group-commit.ts';
import type { Database } from '../../db/schema.ts';
import { FileStoreError } from '../../plugins/file-store.ts';
import type { ContractsContext } from './contracts-context.ts';

/** At most this many bytes of reports kept in memory per server, least recently used dropped first. */
const KEPT_BYTES = 32 * 1024 * 1024;

interface Kept {
  state: string;
  report: Uint8Array;
  madeAt: Date;
  /** Whether the file store and the table hold it too. */
  stored: boolean;
}

/** Reports by contract id, least recently used first, and their bytes in all. */
interface Memory {
  kept: Map<string, Kept>;
  bytes: number;
}

/** Per database handle, so two apps in one process (tests) never see each other's reports. */
const memories = new WeakMap<Kysely<Database>, Memory>();

function memoryOf(ctx: ContractsContext): Memory {
  let memory = memories.get(ctx.db);
  if (!memory) {
    memory = { kept: new Map(), bytes: 0 };
    memories.set(ctx.db, memory);
  }
  return memory;
}

/** The state a report describes: SHA-256 hex of its words, with the time it was made left out. */
export function evidenceState(words: unknown): string {
  return createHash('sha256').update(JSON.stringify(words)).digest('hex');
}

/**
 * The report kept for `contractId` if it describes `state` (a copy: callers may write into it);
 * undefined when none does. A report asked for a second time is stored if it was not yet.
 */
export async function keptEvidence(
  ctx: ContractsContext,
  contractId: string,
  state: string,
): Promise<Uint8Array | undefined> {
  const memory = memoryOf(ctx);
  const kept = memory.kept.get(contractId);
  if (kept?.state === state) {
    memory.kept.delete(contractId);
    memory.kept.set(contractId, kept);
    if (!kept.stored) {
      await storeEvidence(ctx, contractId, kept);
      kept.stored = true;
    }
    return kept.report.slice();
  }
  const row = await ctx.db
    .selectFrom('contract_evidence_reports')
    .select(['state_sha256', 'report_sha256', 'made_at'])
    .where('contract_id', '=', contractId)
    .executeTakeFirst();
  if (!row || row.state_sha256 !== state) return undefined;
  let report: Uint8Array;
  try {
    report = await ctx.files.get(row.report_sha256);
  } catch (e) {
    if (e instanceof FileStoreError && e.code === 'ERR_FILE_MISSING') return undefined;
    throw e;
  }
  remember(memory, contractId, { state, report, madeAt: new Date(row.made_at), stored: true });
  return report.slice();
}

/** Keeps `report`, just sealed, as the report of `state` (in memory until it is asked for again). */
export function keepEvidence(
  ctx: ContractsContext,
  contractId: string,
  state: string,
  report: Uint8Array,
  at: Date,
): void {
  remember(memoryOf(ctx), contractId, { state, report: report.slice(), madeAt: at, stored: false });
}

function remember(memory: Memory, contractId: string, kept: Kept): void {
  const before = memory.kept.get(contractId);
  if (before) {
    memory.kept.delete(contractId);
    memory.bytes -= before.report.length;
  }
  memory.kept.set(contractId, kept);
  memory.bytes += kept.report.length;
  for (const [oldest, old] of memory.kept) {
    if (memory.bytes <= KEPT_BYTES) break;
    memory.kept.delete(oldest);
    memory.bytes -= old.report.length;
  }
}

/** The file first, so a row never names a file that is not there; the report it replaces goes. */
async function storeEvidence(ctx: ContractsContext, contractId: string, kept: Kept): Promise<void> {
  const reportSha256 = await ctx.files.put(kept.report);
  const replaced = await groupCommit(ctx.db).run(async (trx) => {
    const before = await trx
      .selectFrom('contract_evidence_reports')
      .select('report_sha256')
      .where('contract_id', '=', contractId)
      .executeTakeFirst();
    const row = { state_sha256: kept.state, report_sha256: reportSha256, made_at: kept.madeAt.toISOString() };
    await trx
      .insertInto('contract_evidence_reports')
      .values({ contract_id: contractId, ...row })
      .onConflict((oc) => oc.column('contract_id').doUpdateSet(row))
      .execute();
    return before?.report_sha256;
  });
  // Every report carries its own signature and timestamp, so no other record shares its file.
  if (replaced && replaced !== reportSha256) await ctx.files.remove(replaced);
}
