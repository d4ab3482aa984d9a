import { createHash, createHmac } from 'node:crypto';
import type { AuditEntry } from '@openseal/contract';

/** prevHash of the first entry, and the MAC its link starts from. */
export const GENESIS_HASH = '0'.repeat(64);

const HASH_INPUT_VERSION = 'openseal-audit-v1';

/**
 * The bytes an entry's hash covers: a JSON array in a fixed field order, so the serialisation does
 * not depend on object key order or driver output. seq and prevHash are inside it, so moving,
 * inserting or deleting a row breaks either this entry's hash or the next entry's link.
 */
export function auditHashInput(entry: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([HASH_INPUT_VERSION, ...entryFields(entry), entry.prevHash]);
}

/** An entry's own fields in the fixed order both chains hash them. */
function entryFields(entry: Omit<AuditEntry, 'hash' | 'prevHash'>): unknown[] {
  return [
    entry.seq,
    entry.time,
    entry.actor,
    entry.role,
    entry.org,
    entry.action,
    entry.object,
    entry.outcome,
    entry.requestId,
  ];
}

export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(auditHashInput(entry)).digest('hex');
}

const MAC_INPUT_VERSION = 'openseal-audit-mac-v1';

/**
 * The keyed link: HMAC-SHA256 over the entry's seq, its hash (which covers every field and prevHash)
 * and the previous entry's MAC. Without the key, a rewritten entry can get a consistent hash but
 * never a MAC that matches, so the first rewritten entry is the first whose MAC fails.
 */
export function auditEntryMac(macKey: Uint8Array, seq: number, hash: string, prevMac: string): string {
  return createHmac('sha256', macKey)
    .update(JSON.stringify([MAC_INPUT_VERSION, seq, hash, prevMac]))
    .digest('hex');
}

const SM3_INPUT_VERSION = 'openseal-audit-sm3-v1';

/**
 * The SM3 chain (GB/T 32905), kept beside the SHA-256 one and independent of it: it covers the
 * entry's fields and the previous entry's SM3 link directly, never the SHA-256 hash, so a weakness
 * in either hash alone lets no edit through. Keyed (HMAC-SM3 under the chain's MAC key) in a keyed
 * log, a plain SM3 digest in a log not keyed yet, like the SHA-256 chain's hash and MAC.
 */
export function auditEntrySm3(
  macKey: Uint8Array | undefined,
  entry: Omit<AuditEntry, 'hash' | 'prevHash'>,
  prevSm3: string,
): string {
  const input = JSON.stringify([SM3_INPUT_VERSION, ...entryFields(entry), prevSm3]);
  return (macKey ? createHmac('sm3', macKey) : createHash('sm3')).update(input).digest('hex');
}
