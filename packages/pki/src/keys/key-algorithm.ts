import { generateKeyPair as generateKeyPairCb, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { type Der, oid, sequence } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { generateSm2KeyPair } from './sm2.ts';

/** Key types the built-in PKI can generate; each switch below is exhaustive. */
export const KEY_ALGORITHMS = ['rsa-2048', 'rsa-3072', 'ecdsa-p256', 'sm2'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];
/** The SHA-2 digests RSA and ECDSA sign with. */
export type ShaDigestAlgorithm = 'sha256' | 'sha384' | 'sha512';
/** Every digest the PKI computes: SHA-2, and SM3 (GB/T 32905) for SM2. */
export type DigestAlgorithm = ShaDigestAlgorithm | 'sm3';

type KeyGenParams =
  | { type: 'rsa'; options: { modulusLength: number } }
  | { type: 'ec'; options: { namedCurve: string } }
  | { type: 'sm2' };

function keyGenParams(alg: KeyAlgorithm): KeyGenParams {
  switch (alg) {
    case 'rsa-2048':
      return { type: 'rsa', options: { modulusLength: 2048 } };
    case 'rsa-3072':
      return { type: 'rsa', options: { modulusLength: 3072 } };
    case 'ecdsa-p256':
      return { type: 'ec', options: { namedCurve: 'P-256' } };
    case 'sm2':
      return { type: 'sm2' };
  }
}

export function generateKeyPair(alg: KeyAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  const p = keyGenParams(alg);
  if (p.type === 'sm2') return generateSm2KeyPair();
  return p.type === 'rsa' ? generateKeyPairSync('rsa', p.options) : generateKeyPairSync('ec', p.options);
}

const generateKeyPairCallback = promisify(generateKeyPairCb);

/** Like generateKeyPair, on the libuv thread pool: several RSA keys are generated in parallel. */
export async function generateKeyPairAsync(
  alg: KeyAlgorithm,
): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  const p = keyGenParams(alg);
  // An SM2 key is one random scalar and one base-point multiplication: no thread-pool hop needed.
  if (p.type === 'sm2') return generateSm2KeyPair();
  return p.type === 'rsa'
    ? generateKeyPairCallback('rsa', p.options)
    : generateKeyPairCallback('ec', p.options);
}

export function isKeyAlgorithm(value: string): value is KeyAlgorithm {
  return (KEY_ALGORITHMS as readonly string[]).includes(value);
}

export function digestOid(d: DigestAlgorithm): string {
  switch (d) {
    case 'sha256':
      return OID.sha256;
    case 'sha384':
      return OID.sha384;
    case 'sha512':
      return OID.sha512;
    case 'sm3':
      return OID.sm3;
  }
}

const digestAlgIdCache = new Map<DigestAlgorithm, Der>();

/** RFC 5754 2: the SHA-2 AlgorithmIdentifier parameters field is absent; SM3's is left absent too. */
export function digestAlgorithmIdentifier(d: DigestAlgorithm): Der {
  let der = digestAlgIdCache.get(d);
  if (!der) {
    der = sequence(oid(digestOid(d)));
    digestAlgIdCache.set(d, der);
  }
  return der;
}

export function digestAlgorithmFromOid(dotted: string): DigestAlgorithm | undefined {
  switch (dotted) {
    case OID.sha256:
      return 'sha256';
    case OID.sha384:
      return 'sha384';
    case OID.sha512:
      return 'sha512';
    case OID.sm3:
      return 'sm3';
    default:
      return undefined;
  }
}
