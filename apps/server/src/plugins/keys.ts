import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CryptoMode, SM4_BOX_KEY_BYTES, sm4BoxOpen, sm4BoxSeal } from '@openseal/pki';

/** Key-encryption key length: AES-256. */
export const KEK_BYTES = 32;
/** The first byte of a key envelope: which mode's algorithms wrote it. */
const VERSIONS: Readonly<Record<CryptoMode, number>> = { standard: 1, gm: 2 };
const IV = 12;
const TAG = 16;

/**
 * Reads DATA_DIR/kek.key (base64), creating it with 32 random bytes, mode 0600, on the first start.
 * Used only when OPENSEAL_KEK is not set; losing this file makes every seal key unusable.
 */
export function loadOrCreateKek(dataDir: string): Uint8Array {
  const file = join(dataDir, 'kek.key');
  try {
    return decodeKek(readFileSync(file, 'utf8').trim(), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true });
  const kek = randomBytes(KEK_BYTES);
  // 'wx': never overwrite a KEK another process wrote in the meantime.
  writeFileSync(file, `${kek.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return kek;
}

function decodeKek(text: string, source: string): Uint8Array {
  const kek = Buffer.from(text, 'base64');
  if (kek.length !== KEK_BYTES) throw new Error(`${source} must hold ${KEK_BYTES} bytes in base64`);
  return kek;
}

function gcmSeal(key: Uint8Array, plain: Uint8Array, aad: Uint8Array): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function gcmOpen(key: Uint8Array, boxed: Uint8Array, aad: Uint8Array): Buffer {
  const b = Buffer.from(boxed);
  const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, IV)).setAAD(aad);
  d.setAuthTag(b.subarray(IV, IV + TAG));
  return Buffer.concat([d.update(b.subarray(IV + TAG)), d.final()]);
}

const WRAPPED = IV + TAG + KEK_BYTES;
// SM4 box of a 32-byte data key: IV, two padded blocks plus one of padding, HMAC-SM3.
const WRAPPED_SM4 = 16 + 48 + 32;

/**
 * Envelope encryption: a fresh data key encrypts the PKCS#8 DER, the KEK wraps the data key. `owner`
 * (the seal id) is bound as associated data so an envelope cannot be moved to another seal's row.
 * - standard (version 1): AES-256-GCM; version | wrapped data key (iv, tag, key) | iv | tag | ciphertext.
 * - gm (version 2): SM4-CBC + HMAC-SM3 boxes (@openseal/pki sm4-box) with version ‖ owner as the
 *   authenticated header; the KEK is not used as an SM4 key itself but through HKDF-SM3, so no key
 *   serves both AES and SM4. Layout: version | wrapped data key (iv, ciphertext, mac) | iv | ciphertext | mac.
 */
export function encryptKeyEnvelope(
  kek: Uint8Array,
  privateKey: KeyObject,
  owner: string,
  mode: CryptoMode = 'standard',
): Uint8Array {
  const aad = Buffer.from(owner, 'utf8');
  const dataKey = randomBytes(mode === 'gm' ? SM4_BOX_KEY_BYTES : KEK_BYTES);
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  try {
    if (mode === 'gm') {
      const header = Buffer.concat([Buffer.of(VERSIONS.gm), aad]);
      const wrapped = sm4BoxSeal(sm4WrappingKey(kek), dataKey, header);
      return Buffer.concat([Buffer.of(VERSIONS.gm), wrapped, sm4BoxSeal(dataKey, pkcs8, header)]);
    }
    return Buffer.concat([
      Buffer.of(VERSIONS.standard),
      gcmSeal(kek, dataKey, aad),
      gcmSeal(dataKey, pkcs8, aad),
    ]);
  } finally {
    dataKey.fill(0);
    pkcs8.fill(0);
  }
}

/** The mode whose algorithms wrote `envelope`; undefined for an unknown version. */
export function keyEnvelopeMode(envelope: Uint8Array): CryptoMode | undefined {
  return envelope[0] === VERSIONS.gm ? 'gm' : envelope[0] === VERSIONS.standard ? 'standard' : undefined;
}

/** The inverse, for either mode; throws when the KEK is wrong or the envelope was altered or moved. */
export function decryptKeyEnvelope(kek: Uint8Array, envelope: Uint8Array, owner: string): KeyObject {
  const mode = keyEnvelopeMode(envelope);
  if (!mode) throw new Error('unknown key envelope version');
  const aad = Buffer.from(owner, 'utf8');
  let dataKey: Buffer;
  let pkcs8: Buffer;
  if (mode === 'gm') {
    const header = Buffer.concat([Buffer.of(VERSIONS.gm), aad]);
    dataKey = sm4BoxOpen(sm4WrappingKey(kek), envelope.subarray(1, 1 + WRAPPED_SM4), header);
    pkcs8 = sm4BoxOpen(dataKey, envelope.subarray(1 + WRAPPED_SM4), header);
  } else {
    dataKey = gcmOpen(kek, envelope.subarray(1, 1 + WRAPPED), aad);
    pkcs8 = gcmOpen(dataKey, envelope.subarray(1 + WRAPPED), aad);
  }
  try {
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  } finally {
    dataKey.fill(0);
    pkcs8.fill(0);
  }
}

function sm4WrappingKey(kek: Uint8Array): Buffer {
  return Buffer.from(
    hkdfSync('sm3', kek, Buffer.alloc(0), 'openseal seal key envelope sm4', SM4_BOX_KEY_BYTES),
  );
}

/** The prefix of a secret's text form: which mode's algorithms wrote it. */
const SECRET_PREFIXES: Readonly<Record<CryptoMode, string>> = { standard: 'v1:', gm: 'v2:' };

/** The text every secret sealed in `mode` starts with (for finding them in SQL with LIKE). */
export const secretTextPrefix = (mode: CryptoMode): string => SECRET_PREFIXES[mode];

/**
 * A short secret (a TOTP key, a reset code) encrypted under the KEK, `owner` bound as associated data
 * so a value cannot be moved to another row.
 * - standard: `v1:` + base64(iv | tag | ct), AES-256-GCM under the KEK.
 * - gm: `v2:` + base64(iv | ct | mac), an SM4-CBC + HMAC-SM3 box under a key HKDF-SM3 derives from the
 *   KEK for this purpose alone; the prefix and owner are its authenticated header.
 */
export function encryptSecretText(
  kek: Uint8Array,
  plain: string,
  owner: string,
  mode: CryptoMode = 'standard',
): string {
  const text = Buffer.from(plain, 'utf8');
  const prefix = SECRET_PREFIXES[mode];
  const boxed =
    mode === 'gm'
      ? sm4BoxSeal(sm4SecretKey(kek), text, secretHeader(prefix, owner))
      : gcmSeal(kek, text, Buffer.from(owner, 'utf8'));
  return `${prefix}${boxed.toString('base64')}`;
}

/** The mode whose algorithms sealed `boxed`; undefined for text that is not sealed (plain text). */
export function secretTextMode(boxed: string): CryptoMode | undefined {
  if (boxed.startsWith(SECRET_PREFIXES.gm)) return 'gm';
  return boxed.startsWith(SECRET_PREFIXES.standard) ? 'standard' : undefined;
}

/** The inverse, for either mode; throws when the KEK is wrong, the value was altered or moved, or it is not encrypted. */
export function decryptSecretText(kek: Uint8Array, boxed: string, owner: string): string {
  const mode = secretTextMode(boxed);
  if (!mode) throw new Error('secret is not encrypted under the KEK');
  const prefix = SECRET_PREFIXES[mode];
  const bytes = Buffer.from(boxed.slice(prefix.length), 'base64');
  const plain =
    mode === 'gm'
      ? sm4BoxOpen(sm4SecretKey(kek), bytes, secretHeader(prefix, owner))
      : gcmOpen(kek, bytes, Buffer.from(owner, 'utf8'));
  return plain.toString('utf8');
}

const secretHeader = (prefix: string, owner: string) => Buffer.from(`${prefix}${owner}`, 'utf8');

function sm4SecretKey(kek: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sm3', kek, Buffer.alloc(0), 'openseal secret text sm4', SM4_BOX_KEY_BYTES));
}
