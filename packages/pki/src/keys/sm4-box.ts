import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { PkiError } from '../errors.ts';

/** An SM4 key (16 bytes) followed by an HMAC-SM3 key (16 bytes). */
export const SM4_BOX_KEY_BYTES = 32;

const SM4_KEY = 16;
const IV = 16;
const MAC = 32;

/**
 * Encrypt-then-MAC with 国密 primitives, for keys at rest: SM4-CBC (GB/T 32907) under a random IV,
 * then HMAC-SM3 (GB/T 32905) over len(header) ‖ header ‖ IV ‖ ciphertext (the length as 4 bytes, big
 * endian, so no header can be extended into the IV). Node 20 has no SM4-GCM, and a file written
 * with it on a newer Node could not be opened on an older one, so the mode is CBC plus a MAC on every
 * runtime. `header` is authenticated, not stored: the caller's format carries it. Layout: IV ‖ ciphertext ‖ MAC.
 */
export function sm4BoxSeal(key: Uint8Array, plain: Uint8Array, header: Uint8Array): Buffer {
  const { encryptionKey, macKey } = splitKey(key);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('sm4-cbc', encryptionKey, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, encrypted, mac(macKey, header, iv, encrypted)]);
}

/**
 * The inverse. The MAC is checked (in constant time) before anything is decrypted, so a wrong key or any
 * altered byte of header, IV, ciphertext or MAC is refused without a padding oracle: ERR_KEY_PASSPHRASE.
 */
export function sm4BoxOpen(key: Uint8Array, box: Uint8Array, header: Uint8Array): Buffer {
  const { encryptionKey, macKey } = splitKey(key);
  const bytes = Buffer.from(box.buffer, box.byteOffset, box.byteLength);
  const encrypted = bytes.subarray(IV, bytes.length - MAC);
  if (bytes.length < IV + 16 + MAC || encrypted.length % 16 !== 0) throw notAuthentic();
  const iv = bytes.subarray(0, IV);
  const expected = mac(macKey, header, iv, encrypted);
  if (!timingSafeEqual(expected, bytes.subarray(bytes.length - MAC))) throw notAuthentic();
  const decipher = createDecipheriv('sm4-cbc', encryptionKey, iv);
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}

function splitKey(key: Uint8Array) {
  if (key.length !== SM4_BOX_KEY_BYTES) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', `an SM4 box needs a ${SM4_BOX_KEY_BYTES}-byte key`);
  }
  return { encryptionKey: key.subarray(0, SM4_KEY), macKey: key.subarray(SM4_KEY) };
}

function mac(key: Uint8Array, header: Uint8Array, iv: Uint8Array, encrypted: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return createHmac('sm3', key).update(length).update(header).update(iv).update(encrypted).digest();
}

// A wrong key and a damaged box look the same to a MAC.
function notAuthentic(): PkiError {
  return new PkiError('ERR_KEY_PASSPHRASE', 'cannot decrypt: wrong key or passphrase, or damaged data');
}
