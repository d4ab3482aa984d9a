// API keys for systems calling OpenSeal (data sources pushing records, service accounts): 32 random
// bytes, base64url, after a recognisable prefix. Only the key's SHA-256 is stored (a 256-bit random
// key needs no slow hash), so a copy of the database yields no usable key; the key is shown once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PREFIX = 'osk_';
/** `osk_` and 8 characters of the key: enough to tell keys apart, far too little to guess one. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^osk_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  key: string;
  /** What the console shows of it. */
  prefix: string;
  sha256: string;
}

export function apiKeySha256(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newApiKey(): NewApiKey {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), sha256: apiKeySha256(key) };
}

/** The SHA-256 of the well-formed key an `Authorization: Bearer <key>` header carries, or null. */
export function bearerKeySha256(header: string | undefined): string | null {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  return key && KEY_PATTERN.test(key) ? apiKeySha256(key) : null;
}

/**
 * Whether a stored hash is the one looked up. The lookup is by hash, so timing reveals nothing about
 * the key; the compare is constant-time anyway.
 */
export function sameKeySha256(stored: string, sent: string): boolean {
  return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(sent, 'hex'));
}
