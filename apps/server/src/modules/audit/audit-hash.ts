import { createHash } from 'node:crypto';
import type { AuditEntry } from '@openseal/contract';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_INPUT_VERSION = 'openseal-audit-v1';

/**
 * The bytes an entry's hash covers: a JSON array in a fixed field order, so the serialisation does
 * not depend on object key order or driver output. seq and prevHash are inside it, so moving,
 * inserting or deleting a row breaks either this entry's hash or the next entry's link.
 */
export function auditHashInput(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    HASH_INPUT_VERSION,
    entry.seq,
    entry.time,
    entry.actor,
    entry.role,
    entry.org,
    entry.action,
    entry.object,
    entry.outcome,
    entry.requestId,
    entry.prevHash,
  ]);
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditHashInput(entry)).digest('hex');
}
