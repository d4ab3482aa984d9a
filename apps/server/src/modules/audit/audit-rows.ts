import type { AuditEntry } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../../db/schema.ts';

/** Rows read per query by a walk over the whole log. */
const BATCH = 1000;

export function entryFromRow(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    time: row.time,
    actor: row.actor,
    role: row.role,
    org: row.org,
    action: row.action,
    object: row.object,
    outcome: row.outcome,
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Every row of the log in seq order, read a batch at a time (inside the caller's transaction, which
 * holds the head lock), for one-time passes that rechain or key the whole log.
 */
export async function* auditRowsInOrder(db: Kysely<Database>): AsyncGenerator<Selectable<AuditLogTable>> {
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute();
    yield* rows;
    if (rows.length < BATCH) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}
