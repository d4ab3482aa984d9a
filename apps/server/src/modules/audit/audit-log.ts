import type { AuditEntry, AuditOutcome } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { auditEntryHash } from './audit-hash.ts';

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
 */
export async function appendAudit(
  db: Kysely<Database>,
  event: AuditEvent,
  opts: AppendOptions = {},
): Promise<AuditEntry> {
  if (!db.isTransaction) return db.transaction().execute((trx) => appendAudit(trx, event, opts));
  const head = await db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
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
    })
    .execute();
  await db.updateTable('audit_head').set({ hash: entry.hash }).where('id', '=', 1).execute();
  return entry;
}
