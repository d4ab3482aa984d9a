// ECDSA signatures as keys held elsewhere return them, turned into what CMS and X.509 carry.

import { integer, sequence } from '../asn1/der.ts';
import { PkiError } from '../errors.ts';

/** Bytes of r and of s: the size of the curve order (FIPS 186-5 6.4, SEC 1 2.3.7). */
const COMPONENT_SIZE = { 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const;

/** The NIST curves whose raw signatures ecdsaRawToDer knows. */
export type EcdsaCurve = keyof typeof COMPONENT_SIZE;

/**
 * WebCrypto (W3C Web Cryptography API, ECDSA "sign": IEEE P1363 form) and PKCS#11 CKM_ECDSA (PKCS#11
 * v2.40 2.3.1) return r || s, each the size of the curve order; CMS and X.509 want Ecdsa-Sig-Value ::=
 * SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3). With `curve` the length must be that curve's
 * (64, 96 or 132 bytes), without it any of the three. Any other length, or r or s zero (never valid,
 * FIPS 186-5 6.4.2), throws ERR_KEY_UNSUPPORTED.
 */
export function ecdsaRawToDer(raw: Uint8Array, curve?: EcdsaCurve): Uint8Array {
  const sizes = curve ? [COMPONENT_SIZE[curve]] : Object.values(COMPONENT_SIZE);
  const half = raw.length / 2;
  if (!sizes.includes(half as never)) {
    const expected = sizes.map((n) => n * 2).join(', ');
    throw new PkiError(
      'ERR_KEY_UNSUPPORTED',
      `an ECDSA signature ${curve ? `of a ${curve} key ` : ''}is r || s of ${expected} bytes, not ${raw.length}`,
    );
  }
  const r = raw.subarray(0, half);
  const s = raw.subarray(half);
  if (r.every((b) => b === 0) || s.every((b) => b === 0)) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'an ECDSA signature with r or s zero is not a signature');
  }
  return sequence(integer(r), integer(s));
}
