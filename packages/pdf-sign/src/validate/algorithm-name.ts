// The signature algorithm in words for the verification report: key type and size, digest.

import type { Certificate } from '@openseal/pki';
import { keyBits } from './algorithm-policy.ts';
import { digestName } from './digest.ts';

const SM3 = '1.2.156.10197.1.401';
/** id-sm2, SM3withSM2 and GM/T 0010's SM2-1. */
const SM2_SIGNATURES = new Set(['1.2.156.10197.1.301', '1.2.156.10197.1.501', '1.2.156.10197.1.301.1']);
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const DIGEST_LABELS: Readonly<Record<string, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/**
 * "ECDSA, 256-bit key, SHA-256", "RSA, 2048-bit key, SHA-256", "SM2 / SM3" (the curve is fixed, so no size);
 * undefined without a SignerInfo. An SM2 signature paired with another digest is named as it is.
 */
export function algorithmName(
  cert: Certificate | undefined,
  digestOid: string | undefined,
  signatureOid: string | undefined,
): string | undefined {
  if (!digestOid || !signatureOid) return undefined;
  const digest = digestOid === SM3 ? 'SM3' : (DIGEST_LABELS[digestName(digestOid) ?? ''] ?? digestOid);
  if (SM2_SIGNATURES.has(signatureOid) || cert?.keyType === 'sm2') return `SM2 / ${digest}`;
  const key =
    signatureOid === RSASSA_PSS
      ? 'RSA-PSS'
      : cert?.keyType === 'rsa'
        ? 'RSA'
        : cert?.keyType === 'ec'
          ? 'ECDSA'
          : signatureOid;
  const bits = cert ? keyBits(cert) : undefined;
  return bits ? `${key}, ${bits}-bit key, ${digest}` : `${key}, ${digest}`;
}
