// Cryptographic constraints (ETSI TS 119 312; ETSI EN 319 102-1 5.2.8): keys and digests too weak to
// rely on. A signature made with them is refused with CRYPTO_CONSTRAINTS_FAILURE, whoever vouches for it.

import type { Certificate } from '@openseal/pki';
import { digestName } from './digest.ts';
import type { Problem } from './report.ts';

const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;

/** Signature algorithms that hash with SHA-1: sha1WithRSAEncryption, ecdsa-with-SHA1, dsa-with-sha1. */
const SHA1_SIGNATURES = new Set(['1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);

/** The SM2 curve (GB/T 32918.5) is fixed: a 256-bit prime field, nothing to choose and nothing too small. */
const SM2_BITS = 256;

/**
 * Bits of strength by key size: the RSA modulus, the EC field size read from the public point, or
 * SM2's fixed 256.
 */
export function keyBits(cert: Certificate): number | undefined {
  if (cert.keyType === 'sm2') return SM2_BITS;
  if (cert.keyType === 'rsa') return cert.publicKey.asymmetricKeyDetails?.modulusLength;
  if (cert.keyType === 'ec') {
    // An uncompressed point is 04 || X || Y (SEC 1 2.3.3); a compressed one 02/03 || X.
    const point = cert.publicKeyBitString;
    const coordinate = point[0] === 0x04 ? (point.length - 1) / 2 : point.length - 1;
    return coordinate * 8;
  }
  return undefined;
}

/** Problems (code WEAK_ALGORITHM) with the key of `cert`, named `role` in the message. */
export function weakKey(cert: Certificate, role: string): Problem | undefined {
  const bits = keyBits(cert);
  if (bits === undefined || cert.keyType === 'sm2') return undefined;
  const min = cert.keyType === 'rsa' ? MIN_RSA_BITS : MIN_EC_BITS;
  if (bits >= min) return undefined;
  const kind = cert.keyType === 'rsa' ? 'RSA' : 'EC';
  return {
    code: 'WEAK_ALGORITHM',
    message: `${role} uses a ${bits}-bit ${kind} key; at least ${min} bits are required`,
  };
}

/** A digest named by OID that is SHA-1 (or a signature algorithm hashing with it). */
export function weakDigest(oid: string, what: string): Problem | undefined {
  if (digestName(oid) !== 'sha1' && !SHA1_SIGNATURES.has(oid)) return undefined;
  return { code: 'WEAK_ALGORITHM', message: `${what} uses SHA-1, which is no longer secure` };
}

/** Every weakness of a signature: its signer's key, its digest and signature algorithm, the chain's signatures. */
export function weakSignatureAlgorithms(
  signer: Certificate | undefined,
  digestOid: string | undefined,
  signatureOid: string | undefined,
  chain: readonly Certificate[],
  role: string,
): Problem[] {
  const problems: (Problem | undefined)[] = [
    signer && weakKey(signer, role),
    digestOid ? weakDigest(digestOid, `${role}'s signature`) : undefined,
    signatureOid ? weakDigest(signatureOid, `${role}'s signature`) : undefined,
  ];
  // The anchor's own self-signature proves nothing either way; every certificate below it must be sound.
  for (const c of chain.slice(0, -1)) {
    problems.push(weakDigest(c.signatureAlgorithmOid, `the certificate of "${c.commonName ?? c.serialHex}"`));
    if (c !== signer) problems.push(weakKey(c, `the certificate of "${c.commonName ?? c.serialHex}"`));
  }
  return problems.filter((p): p is Problem => p !== undefined);
}
