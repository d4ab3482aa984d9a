import type { AuditEntry, AuditOutcome } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { auditEntryHash, auditEntryMac, auditEntrySm3, GENESIS_HASH } from './audit-hash.ts';
import { auditKeysOf } from './audit-keys.ts';

export interface AuditEvent {
  actor?: string | null;
  role?: string | null;
  org?: string | null;
  action: string;
  object?: string | null;
  outcome: AuditOutcome;
  requestId?: string | null;
}

export interface AppendOptions {
  /** Default: the system clock. */
  clock?: () => Date;
}

/**
 * Appends one entry. Pass the caller's transaction so a state change and its audit entry commit
 * together (STYLE 12); given the database itself, it opens its own transaction.
 *
 * Serialisation: the first statement updates the single audit_head row. That takes PostgreSQL's row
 * lock and SQLite's write lock before the previous hash is read, so concurrent appends, from this
 * process or others, each see the head the previous one wrote.
 *
 * The link is keyed with the audit key the handle carries (withAuditKeys). A handle without a key
 * writes unkeyed entries only into a log that was never keyed; a keyed log refuses it
 * (ERR_AUDIT_KEY_MISSING), and a keyed handle refuses a log with unkeyed entries until they are
 * keyed at start (ERR_AUDIT_NOT_KEYED, see audit-rekey.ts).
 *
 * Each entry also extends the SM3 chain (chain_sm3), keyed alike. In a log whose entries predate the
 * SM3 chain (head without one) the entry gets none: the backfill at start chains them all in order
 * (audit-sm3-backfill.ts).
 */
export async function appendAudit(
  db: Kysely<Database>,
  event: AuditEvent,
  opts: AppendOptions = {},
): Promise<AuditEntry> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, event, opts));
  const keys = auditKeysOf(db);
  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash', 'mac', 'chain_sm3'])
    .executeTakeFirstOrThrow();
  if (!keys && head.mac !== null) throw new AppError('ERR_AUDIT_KEY_MISSING');
  // head.seq is already the new entry's: a log with entries before it and no head MAC is unkeyed.
  if (keys && head.mac === null && Number(head.seq) > 1) throw new AppError('ERR_AUDIT_NOT_KEYED');
  const base = {
    seq: Number(head.seq),
    time: (opts.clock?.() ?? new Date()).toISOString(),
    actor: event.actor ?? null,
    role: event.role ?? null,
    org: event.org ?? null,
    action: event.action,
    object: event.object ?? null,
    outcome: event.outcome,
    requestId: event.requestId ?? null,
    prevHash: head.hash,
  };
  const entry: AuditEntry = { ...base, hash: auditEntryHash(base) };
  const mac = keys ? auditEntryMac(keys.macKey, entry.seq, entry.hash, head.mac ?? GENESIS_HASH) : null;
  const sm3Started = head.chain_sm3 !== null || entry.seq === 1;
  const chainSm3 = sm3Started ? auditEntrySm3(keys?.macKey, entry, head.chain_sm3 ?? GENESIS_HASH) : null;
  await db
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      time: entry.time,
      actor: entry.actor,
      role: entry.role,
      org: entry.org,
      action: entry.action,
      object: entry.object,
      outcome: entry.outcome,
      request_id: entry.requestId,
      prev_hash: entry.prevHash,
      hash: entry.hash,
      mac,
      chain_sm3: chainSm3,
    })
    .execute();
  await db
    .updateTable('audit_head')
    .set({ hash: entry.hash, mac, chain_sm3: chainSm3 })
    .where('id', '=', 1)
    .execute();
  return entry;
}
