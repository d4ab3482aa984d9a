import { integer, sequence } from '../asn1/der.ts';
import { PkiError } from '../errors.ts';

/**
 * PKCS#11 CKM_ECDSA returns r || s, each the size of the curve order (PKCS#11 v2.40 2.3.1); CMS and
 * X.509 want Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3).
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new PkiError('ERR_PKCS11', `ECDSA signature of ${raw.length} bytes is not r || s`);
  }
  const half = raw.length / 2;
  return sequence(integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}
