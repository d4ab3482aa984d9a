import type { AuditEntry } from '@openseal/contract';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../db/schema.ts';

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
