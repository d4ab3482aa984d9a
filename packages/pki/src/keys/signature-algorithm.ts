import { type KeyObject, verify } from 'node:crypto';
import { type Der, nullValue, oid, sequence } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import type { DigestAlgorithm, ShaDigestAlgorithm } from './key-algorithm.ts';
import { isSm2Key, sm2Verify } from './sm2.ts';

/** RFC 5758 3.2; not in the shared OID table because nothing else names it. */
const ecdsaWithSHA512 = '1.2.840.10045.4.3.4';

/** Key types that sign: RSA PKCS#1 v1.5, ECDSA, and SM2 with SM3 and the standard user ID. */
export type SigningKeyType = 'rsa' | 'ec' | 'sm2';

type SignatureAlgorithm =
  | { readonly keyType: 'rsa' | 'ec'; readonly digest: ShaDigestAlgorithm }
  | { readonly keyType: 'sm2'; readonly digest: 'sm3' };

const signatureOids: Readonly<Record<'rsa' | 'ec', Readonly<Record<ShaDigestAlgorithm, string>>>> = {
  rsa: {
    sha256: OID.sha256WithRSAEncryption,
    sha384: OID.sha384WithRSAEncryption,
    sha512: OID.sha512WithRSAEncryption,
  },
  ec: { sha256: OID.ecdsaWithSHA256, sha384: OID.ecdsaWithSHA384, sha512: ecdsaWithSHA512 },
};

const byOid = new Map<string, SignatureAlgorithm>([
  ...(['rsa', 'ec'] as const).flatMap((keyType) =>
    (Object.entries(signatureOids[keyType]) as [ShaDigestAlgorithm, string][]).map(
      ([digest, id]): [string, SignatureAlgorithm] => [id, { keyType, digest }],
    ),
  ),
  [OID.sm2WithSm3, { keyType: 'sm2', digest: 'sm3' }],
]);

/**
 * AlgorithmIdentifier for signing with this key type and digest. RSA carries NULL parameters
 * (RFC 4055 5), ECDSA none (RFC 5758 3.2), SM3withSM2 none (GM/T 0015 / BouncyCastle). SM2 signs only
 * with SM3 and RSA/ECDSA only with SHA-2: any other pair throws ERR_KEY_UNSUPPORTED.
 */
export function signatureAlgorithmIdentifier(keyType: SigningKeyType, digest: DigestAlgorithm): Der {
  if (keyType === 'sm2' || digest === 'sm3') {
    if (keyType !== 'sm2' || digest !== 'sm3') throw mismatch(keyType, digest);
    return sequence(oid(OID.sm2WithSm3));
  }
  const id = oid(signatureOids[keyType][digest]);
  return keyType === 'rsa' ? sequence(id, nullValue()) : sequence(id);
}

/**
 * Verifies RSA PKCS#1 v1.5, ECDSA (DER signature) or SM2 (DER signature, standard user ID) over `data`.
 * Returns false for a bad signature or a key of the wrong type; throws ERR_KEY_UNSUPPORTED for an
 * algorithm OID it does not know or a digest the algorithm cannot sign with (e.g. SM2 with SHA-256).
 * CMS SignerInfos may name the bare key algorithm (rsaEncryption, RFC 5652 5.3 / RFC 3370 3.2; id-sm2
 * or GM/T 0010's SM2-1); pass the SignerInfo's digestAlgorithm as `digest` for those.
 */
export function verifySignature(
  algOid: string,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  digest?: DigestAlgorithm,
): boolean {
  const alg = resolve(algOid, digest);
  if (alg.keyType === 'sm2') return isSm2Key(publicKey) && sm2Verify(publicKey, data, signature);
  if (publicKey.asymmetricKeyType !== alg.keyType || isSm2Key(publicKey)) return false;
  try {
    return verify(alg.digest, data, publicKey, signature);
  } catch {
    // OpenSSL rejects some malformed signatures (bad DER, wrong length) by throwing.
    return false;
  }
}

/** GM/T 0006 / GM/T 0010: SM2-1, the SM2 signature scheme named as a SignerInfo signatureAlgorithm. */
const sm2Sign1 = `${OID.sm2}.1`;

function resolve(algOid: string, digest: DigestAlgorithm | undefined): SignatureAlgorithm {
  const known = byOid.get(algOid);
  if (known) {
    // SM3 belongs to SM2 alone: a SignerInfo pairing either with anything else is inconsistent.
    if (digest && (digest === 'sm3') !== (known.keyType === 'sm2')) throw mismatch(algOid, digest);
    return known;
  }
  if (digest && (algOid === OID.sm2 || algOid === sm2Sign1)) {
    if (digest !== 'sm3') throw mismatch(algOid, digest);
    return { keyType: 'sm2', digest };
  }
  if (digest && digest !== 'sm3' && algOid === OID.rsaEncryption) return { keyType: 'rsa', digest };
  if (digest && digest !== 'sm3' && algOid === OID.ecPublicKey) return { keyType: 'ec', digest };
  if (digest === 'sm3' && (algOid === OID.rsaEncryption || algOid === OID.ecPublicKey))
    throw mismatch(algOid, digest);
  throw new PkiError('ERR_KEY_UNSUPPORTED', `unsupported signature algorithm ${algOid}`);
}

function mismatch(alg: string, digest: DigestAlgorithm): PkiError {
  return new PkiError(
    'ERR_KEY_UNSUPPORTED',
    `signature algorithm ${alg} cannot be used with digest ${digest}`,
  );
}
