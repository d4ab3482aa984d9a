import { type KeyObject, verify } from 'node:crypto';
import { type Der, nullValue, oid, sequence } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import type { DigestAlgorithm } from './key-algorithm.ts';

/** RFC 5758 3.2; not in the shared OID table because nothing else names it. */
const ecdsaWithSHA512 = '1.2.840.10045.4.3.4';

interface SignatureAlgorithm {
  readonly keyType: 'rsa' | 'ec';
  readonly digest: DigestAlgorithm;
}

const signatureOids: Readonly<Record<'rsa' | 'ec', Readonly<Record<DigestAlgorithm, string>>>> = {
  rsa: {
    sha256: OID.sha256WithRSAEncryption,
    sha384: OID.sha384WithRSAEncryption,
    sha512: OID.sha512WithRSAEncryption,
  },
  ec: { sha256: OID.ecdsaWithSHA256, sha384: OID.ecdsaWithSHA384, sha512: ecdsaWithSHA512 },
};

const byOid = new Map<string, SignatureAlgorithm>(
  (['rsa', 'ec'] as const).flatMap((keyType) =>
    (Object.entries(signatureOids[keyType]) as [DigestAlgorithm, string][]).map(
      ([digest, id]): [string, SignatureAlgorithm] => [id, { keyType, digest }],
    ),
  ),
);

/**
 * AlgorithmIdentifier for signing with this key type and digest. RSA carries NULL parameters
 * (RFC 4055 5), ECDSA none (RFC 5758 3.2).
 */
export function signatureAlgorithmIdentifier(keyType: 'rsa' | 'ec', digest: DigestAlgorithm): Der {
  const id = oid(signatureOids[keyType][digest]);
  return keyType === 'rsa' ? sequence(id, nullValue()) : sequence(id);
}

/**
 * Verifies RSA PKCS#1 v1.5 or ECDSA (DER signature) over `data`. Returns false for a bad signature or a
 * key of the wrong type; throws ERR_KEY_UNSUPPORTED only for an algorithm OID it does not know.
 * CMS SignerInfos may name the bare key algorithm (rsaEncryption, RFC 5652 5.3 / RFC 3370 3.2); pass
 * the SignerInfo's digestAlgorithm as `digest` for those.
 */
export function verifySignature(
  algOid: string,
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
  digest?: DigestAlgorithm,
): boolean {
  const alg = resolve(algOid, digest);
  if (publicKey.asymmetricKeyType !== alg.keyType) return false;
  try {
    return verify(alg.digest, data, publicKey, signature);
  } catch {
    // OpenSSL rejects some malformed signatures (bad DER, wrong length) by throwing.
    return false;
  }
}

function resolve(algOid: string, digest: DigestAlgorithm | undefined): SignatureAlgorithm {
  const known = byOid.get(algOid);
  if (known) return known;
  if (digest && algOid === OID.rsaEncryption) return { keyType: 'rsa', digest };
  if (digest && algOid === OID.ecPublicKey) return { keyType: 'ec', digest };
  throw new PkiError('ERR_KEY_UNSUPPORTED', `unsupported signature algorithm ${algOid}`);
}
