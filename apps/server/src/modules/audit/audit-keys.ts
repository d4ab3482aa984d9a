import { createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely, KyselyPlugin } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The audit log's keys, all derived from the KEK, so the database never holds them and nothing new
 * has to be stored or backed up: whoever holds the KEK (the server, `openseal audit verify`) can
 * recompute them, a database user cannot.
 */
export interface AuditKeys {
  /** HMAC-SHA256 key of every entry's chain link. */
  macKey: Buffer;
  /** Signs the checkpoints written outside the database. */
  signingKey: KeyObject;
  /** Its public half, published beside the checkpoints for verifiers without the KEK. */
  publicKey: KeyObject;
  /** Names the KEK generation in checkpoints: hex of SHA-256 over the public key, first 16 bytes. */
  keyId: string;
}

// RFC 8410 PKCS#8 for Ed25519: a fixed 16-byte prefix, then the 32-byte seed.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** RFC 5869 HKDF-SHA256 with a distinct label per key, so the keys are independent of each other. */
const derive = (kek: Uint8Array, label: string) =>
  Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `openseal audit ${label} v1`, 32));

export function deriveAuditKeys(kek: Uint8Array): AuditKeys {
  const signingKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, derive(kek, 'checkpoint signing key')]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(signingKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    macKey: derive(kek, 'chain mac key'),
    signingKey,
    publicKey,
    keyId: createHash('sha256').update(spki).digest('hex').slice(0, 32),
  };
}

/**
 * The audit keys for a reader such as `openseal audit verify`: from the configured KEK
 * (OPENSEAL_KEK), else DATA_DIR/kek.key, which is never created here. Undefined when neither exists.
 */
export function readAuditKeys(config: { kek?: Uint8Array; dataDir: string }): AuditKeys | undefined {
  if (config.kek) return deriveAuditKeys(config.kek);
  let text: string;
  try {
    text = readFileSync(join(config.dataDir, 'kek.key'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const kek = Buffer.from(text.trim(), 'base64');
  if (kek.length !== 32) throw new Error(`${join(config.dataDir, 'kek.key')} must hold 32 bytes in base64`);
  return deriveAuditKeys(kek);
}

/**
 * Carries the audit keys on a database handle. Kysely hands a handle's plugins to every transaction
 * opened from it, so each of the many `appendAudit(trx, …)` calls finds the key of the handle the
 * server opened, without a module-level global. It changes no query.
 */
class AuditKeyCarrier implements KyselyPlugin {
  constructor(readonly keys: AuditKeys) {}
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** The same database, whose appends are keyed with `keys`. */
export function withAuditKeys(db: Kysely<Database>, keys: AuditKeys): Kysely<Database> {
  return db.withPlugin(new AuditKeyCarrier(keys));
}

/** The keys a handle (or a transaction opened from it) carries; undefined for an unkeyed handle. */
export function auditKeysOf(db: Kysely<Database>): AuditKeys | undefined {
  const carrier = db.getExecutor().plugins.find((p) => p instanceof AuditKeyCarrier);
  return (carrier as AuditKeyCarrier | undefined)?.keys;
}
