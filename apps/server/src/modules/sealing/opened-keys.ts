import { createHash, type KeyObject } from 'node:crypto';
import { decryptKeyEnvelope } from '../../plugins/keys.ts';

/** How long an opened seal key is kept after its last use, and how many are kept at most. */
const KEEP_MS = 5 * 60_000;
const MAX_KEYS = 256;

interface Opened {
  key: KeyObject;
  lastUsed: number;
}

/** One cache per KEK: a server's keys are never served to another app built in the same process. */
const caches = new WeakMap<Uint8Array, Map<string, Opened>>();

/**
 * A seal key decrypted from its envelope, kept a few minutes after its last use: unwrapping it (two
 * AES-GCM or SM4 boxes and a PKCS#8 parse) on every stamp was a tenth of the stamp's time under load.
 * Entries are found by the envelope's own bytes and owner, so a re-keyed or re-encrypted envelope is
 * opened afresh. A suspended, revoked or destroyed seal is refused before its key is asked for, and
 * its entry ages out. The KEK lives in the same memory, so this keeps nothing a reader of the
 * process would not already have.
 */
export function openedKey(kek: Uint8Array, envelope: Uint8Array, owner: string, now = Date.now()): KeyObject {
  let cache = caches.get(kek);
  if (!cache) {
    cache = new Map();
    caches.set(kek, cache);
  }
  const id = createHash('sha256').update(owner).update('\u0000').update(envelope).digest('base64');
  const hit = cache.get(id);
  if (hit && now - hit.lastUsed < KEEP_MS) {
    // Re-inserted: the map's order is the order of last use, oldest first.
    cache.delete(id);
    hit.lastUsed = now;
    cache.set(id, hit);
    return hit.key;
  }
  const key = decryptKeyEnvelope(kek, envelope, owner);
  cache.delete(id);
  cache.set(id, { key, lastUsed: now });
  for (const [oldId, entry] of cache) {
    if (cache.size <= MAX_KEYS && now - entry.lastUsed < KEEP_MS) break;
    cache.delete(oldId);
  }
  return key;
}
