import { createHash, constants as cryptoConstants, type KeyObject, privateEncrypt, sign } from 'node:crypto';
import { type Der, nullValue, octetString, oid, sequence } from '../asn1/der.ts';
import { PkiError } from '../errors.ts';
import { type DigestAlgorithm, digestOid, type ShaDigestAlgorithm } from './key-algorithm.ts';
import { type SigningKeyType, signatureAlgorithmIdentifier } from './signature-algorithm.ts';
import { isSm2Key, prepareSm2PrivateKey, sm2Sign } from './sm2.ts';

export interface Signer {
  readonly keyType: SigningKeyType;
  readonly digestAlgorithm: DigestAlgorithm;
  /** AlgorithmIdentifier DER of the signatures this signer produces. */
  readonly signatureAlgorithm: Der;
  /**
   * Signs `data`: hashes it with digestAlgorithm, then signs (RSA PKCS#1 v1.5, ECDSA DER-encoded; SM2
   * DER-encoded over SM3(Z ‖ data) with the standard user ID).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** The signing key type of a private or public key; SM2 is told apart from ECDSA by its curve. */
export function signingKeyTypeOf(key: KeyObject): SigningKeyType {
  if (isSm2Key(key)) return 'sm2';
  const t = key.asymmetricKeyType;
  if (t === 'rsa' || t === 'ec') return t;
  throw new PkiError(
    'ERR_KEY_UNSUPPORTED',
    `key type ${t ?? 'unknown'} cannot sign (rsa, ec or sm2 expected)`,
  );
}

/**
 * Signer over an in-process key. Everything is resolved once here; `sign` is one node:crypto call
 * (SM2: one SM3 and one base-point multiplication). SM2 keys sign with SM3, others with SHA-256 unless
 * told otherwise; a digest the key type cannot sign with throws ERR_KEY_UNSUPPORTED.
 */
export function softwareSigner(privateKey: KeyObject, digest?: DigestAlgorithm): Signer {
  if (privateKey.type !== 'private') throw new PkiError('ERR_KEY_UNSUPPORTED', 'a private key is required');
  const keyType = signingKeyTypeOf(privateKey);
  if (keyType === 'sm2') {
    const signatureAlgorithm = signatureAlgorithmIdentifier('sm2', digest ?? 'sm3');
    prepareSm2PrivateKey(privateKey);
    return {
      keyType,
      digestAlgorithm: 'sm3',
      signatureAlgorithm,
      sign: async (data) => sm2Sign(privateKey, data),
    };
  }
  return {
    keyType,
    digestAlgorithm: digest ?? 'sha256',
    signatureAlgorithm: signatureAlgorithmIdentifier(keyType, digest ?? 'sha256'),
    // Synchronous sign wrapped in a promise: cheaper than a libuv thread-pool hop per signature.
    sign: async (data) => sign(digest ?? 'sha256', data, privateKey),
  };
}

/**
 * Signer for keys that sign a precomputed hash (HSM, remote or browser signers). `signDigest` must
 * return a PKCS#1 v1.5 signature for RSA and a DER Ecdsa-Sig-Value (RFC 3279 2.2.3) for ECDSA.
 */
export function digestSigner(opts: {
  keyType: 'rsa' | 'ec';
  digestAlgorithm: DigestAlgorithm;
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}): Signer {
  const { keyType, digestAlgorithm, signDigest } = opts;
  return {
    keyType,
    digestAlgorithm,
    signatureAlgorithm: signatureAlgorithmIdentifier(keyType, digestAlgorithm),
    sign: (data) => signDigest(createHash(digestAlgorithm).update(data).digest()),
  };
}

/** PKCS#1 v1.5 signature of a precomputed digest: RSA private operation on DigestInfo (RFC 8017 9.2). */
export function signDigestRsa(
  privateKey: KeyObject,
  digest: Uint8Array,
  alg: ShaDigestAlgorithm,
): Uint8Array {
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new PkiError('ERR_KEY_UNSUPPORTED', 'an RSA key is required');
  const expected = createHash(alg).digest().length;
  if (digest.length !== expected) {
    throw new PkiError(
      'ERR_KEY_UNSUPPORTED',
      `${alg} digest must be ${expected} bytes, got ${digest.length}`,
    );
  }
  // RFC 8017 9.2 note 1: DigestInfo's AlgorithmIdentifier carries NULL parameters.
  const digestInfo = sequence(sequence(oid(digestOid(alg)), nullValue()), octetString(digest));
  return privateEncrypt({ key: privateKey, padding: cryptoConstants.RSA_PKCS1_PADDING }, digestInfo);
}
