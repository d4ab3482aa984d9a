// The identifiers printed on a credential: its public id (in the short URL) and the verification
// code a reader must type. Both are crypto-random Crockford base32 (no I, L, O, U: nothing to misread).
import { randomBytes, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` characters of Crockford base32, 5 random bits each (40 bits for 8 characters). */
export function randomCrockford(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 256 is a multiple of 32, so `b & 31` is uniform.
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

export const newPublicId = (): string => randomCrockford(8);
export const newVerificationCode = (): string => randomCrockford(8);

/** Printed across every page of an unsigned preview, in both languages a reader may have. */
export const SPECIMEN_WATERMARK = '样张 SPECIMEN';

/** The code as printed: XXXX-XXXX. */
export const printedCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/**
 * What a reader typed, normalised as Crockford base32 decoding does: case-insensitive, dashes and
 * spaces ignored, O read as 0, I and L as 1.
 */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Compares a typed code with the stored one in constant time (for equal lengths). */
export function codeMatches(stored: string, typed: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(normalizeCode(typed), 'utf8');
  // Equal-length buffers for timingSafeEqual; the length itself (always 8) is no secret.
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
