import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { type CryptoMode, SM4_BOX_KEY_BYTES, sm4BoxOpen, sm4BoxSeal } from '@openseal/pki';

/** The two ways a stored file is encrypted at rest: one per crypto mode. */
export type EncryptedFileFormat = 'aes-256-gcm' | 'sm4-hmac-sm3';
/** `plain`: a file written before encryption at rest, its bytes as they were sent. */
export type StoredFileFormat = EncryptedFileFormat | 'plain';

/** How a file store encrypts what it writes; it reads every format. */
export interface FileEncryption {
  format: EncryptedFileFormat;
  /** The server's KEK, asked for only when a file is encrypted or decrypted. */
  kek: () => Uint8Array;
}

/**
 * Stored files are encrypted in both modes, so no operator of the disk reads a business file
 * (seed 003); the mode picks the algorithms, as it does for seal keys: AES-256-GCM, or 国密 SM4.
 * The KEK is read once, on first use, so a server without a PKI makes its kek.key only when it
 * stores a file.
 */
export function fileEncryption(mode: CryptoMode, kek: () => Uint8Array): FileEncryption {
  let loaded: Uint8Array | undefined;
  return {
    format: mode === 'gm' ? 'sm4-hmac-sm3' : 'aes-256-gcm',
    kek: () => {
      loaded ??= kek();
      return loaded;
    },
  };
}

/** "OSFE" (OpenSeal file, encrypted) and a byte naming the format: plain and encrypted files coexist. */
const MAGIC = Buffer.from('OSFE', 'latin1');
const FORMAT_BYTE: Readonly<Record<EncryptedFileFormat, number>> = { 'aes-256-gcm': 1, 'sm4-hmac-sm3': 2 };
export const FILE_HEADER_BYTES = MAGIC.length + 1;
const GCM_IV = 12;
const GCM_TAG = 16;
const SM4_IV = 16;
const SM4_BLOCK = 16;
const SM3_MAC = 32;

/** The format a stored file's first bytes name; `plain` when they name none. */
export function storedFileFormat(stored: Uint8Array): StoredFileFormat {
  if (stored.length < FILE_HEADER_BYTES || !MAGIC.equals(stored.subarray(0, MAGIC.length))) return 'plain';
  const byte = stored[MAGIC.length];
  if (byte === FORMAT_BYTE['aes-256-gcm']) return 'aes-256-gcm';
  if (byte === FORMAT_BYTE['sm4-hmac-sm3']) return 'sm4-hmac-sm3';
  return 'plain';
}

/** The size on disk of `plainLength` bytes in `format`: a store skips rewriting a file already there. */
export function encryptedFileSize(format: EncryptedFileFormat, plainLength: number): number {
  if (format === 'aes-256-gcm') return FILE_HEADER_BYTES + GCM_IV + GCM_TAG + plainLength;
  // PKCS#7 padding always adds 1..16 bytes.
  const padded = (Math.floor(plainLength / SM4_BLOCK) + 1) * SM4_BLOCK;
  return FILE_HEADER_BYTES + SM4_IV + padded + SM3_MAC;
}

/**
 * Encrypts a file stored under `address` (the SHA-256 hex of `plain`). Layouts after the header:
 * - aes-256-gcm: IV(12) ‖ tag(16) ‖ ciphertext;
 * - sm4-hmac-sm3: IV(16) ‖ SM4-CBC ciphertext ‖ HMAC-SM3(32) (sm4-box.ts, encrypt-then-MAC).
 * The header and the address are authenticated, so a file cannot be passed off under another name.
 */
export function encryptFile(
  kek: Uint8Array,
  format: EncryptedFileFormat,
  address: string,
  plain: Uint8Array,
): Buffer {
  const header = headerOf(format);
  const key = fileKey(kek, format, address);
  try {
    const aad = Buffer.concat([header, Buffer.from(address, 'latin1')]);
    if (format === 'sm4-hmac-sm3') return Buffer.concat([header, sm4BoxSeal(key, plain, aad)]);
    const iv = randomBytes(GCM_IV);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), body]);
  } finally {
    key.fill(0);
  }
}

/** The inverse for an encrypted file (any format); throws when it was altered, moved or written under another KEK. */
export function decryptFile(kek: Uint8Array, address: string, stored: Uint8Array): Buffer {
  const format = storedFileFormat(stored);
  if (format === 'plain') throw new Error('not an encrypted file');
  const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const aad = Buffer.concat([bytes.subarray(0, FILE_HEADER_BYTES), Buffer.from(address, 'latin1')]);
  const body = bytes.subarray(FILE_HEADER_BYTES);
  const key = fileKey(kek, format, address);
  try {
    if (format === 'sm4-hmac-sm3') return sm4BoxOpen(key, body, aad);
    if (body.length < GCM_IV + GCM_TAG) throw new Error('truncated encrypted file');
    const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, GCM_IV)).setAAD(aad);
    decipher.setAuthTag(body.subarray(GCM_IV, GCM_IV + GCM_TAG));
    return Buffer.concat([decipher.update(body.subarray(GCM_IV + GCM_TAG)), decipher.final()]);
  } finally {
    key.fill(0);
  }
}

function headerOf(format: EncryptedFileFormat): Buffer {
  return Buffer.concat([MAGIC, Buffer.of(FORMAT_BYTE[format])]);
}

/**
 * One key per file, derived from the KEK with HKDF (SM3 in gm mode, SHA-256 otherwise) and the
 * address as info, rather than a random data key wrapped under the KEK: nothing per file needs
 * storing or wrapping, the key is bound to the address, and no single key encrypts more than one
 * file's rewrites (GCM's limit on random IVs per key never comes near). The price: a new KEK means
 * re-encrypting every file, not rewrapping small keys.
 */
function fileKey(kek: Uint8Array, format: EncryptedFileFormat, address: string): Buffer {
  const [hash, length] = format === 'sm4-hmac-sm3' ? ['sm3', SM4_BOX_KEY_BYTES] : ['sha256', 32];
  return Buffer.from(
    hkdfSync(hash, kek, Buffer.alloc(0), `openseal stored file ${format} ${address}`, length),
  );
}
