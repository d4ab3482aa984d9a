// A PKCS#10 certification request (RFC 2986) for a key held in the token, with an empty subject: the
// server names the signer from their verified sign-in, never from what the request claims.
import { bitString, ecdsaRawToDer, integer, nullValue, OID, oid, sequence, tlv } from '@openseal/pki';

/**
 * The DER request for `spki`, signed by `sign` (r || s for EC, PKCS#1 v1.5 for RSA, over SHA-256 of
 * what it is given). ecdsa-with-SHA256 has no parameters (RFC 5758 3.2); sha256WithRSAEncryption has
 * NULL (RFC 4055 5).
 */
export function tokenCertificationRequest(
  spki: Uint8Array,
  keyType: 'ec' | 'rsa',
  sign: (data: Uint8Array) => Uint8Array,
): Uint8Array {
  // RFC 2986 4.1: CertificationRequestInfo ::= SEQUENCE { version v1(0), subject Name,
  // subjectPKInfo, attributes [0] IMPLICIT SET OF Attribute (empty here) }.
  const info = sequence(integer(0), sequence(), spki, tlv(0xa0, new Uint8Array(0)));
  const signature = sign(info);
  return keyType === 'ec'
    ? sequence(info, sequence(oid(OID.ecdsaWithSHA256)), bitString(ecdsaRawToDer(signature)))
    : sequence(info, sequence(oid(OID.sha256WithRSAEncryption), nullValue()), bitString(signature));
}
