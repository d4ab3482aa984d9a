// PKCS#10 certification requests (RFC 2986): a name and a public key, signed with the matching private
// key as proof of possession (RFC 2986 3). Read strictly; only the keys a person's signing key may be are
// accepted: ECDSA P-256 or P-384 with ecdsa-with-SHA256/384, RSA of 2048 bits or more with
// sha256WithRSAEncryption.

import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  expectSequence,
  type Node,
  parseDer,
  raw,
  readBitString,
  readOid,
  readSmallInteger,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { type DistinguishedName, parseName } from './name.ts';

export interface CertificationRequest {
  readonly publicKey: KeyObject;
  readonly keyType: 'ec' | 'rsa';
  /** The requested subject Name, DER: what the CA certifies is its own decision. */
  readonly subjectDer: Uint8Array;
  readonly subject: DistinguishedName;
}

/** Signature algorithms accepted, with the key type each needs and the digest it signs with. */
const SIGNATURE_ALGORITHMS = new Map<string, { keyType: 'ec' | 'rsa'; digest: 'sha256' | 'sha384' }>([
  [OID.ecdsaWithSHA256, { keyType: 'ec', digest: 'sha256' }],
  [OID.ecdsaWithSHA384, { keyType: 'ec', digest: 'sha384' }],
  [OID.sha256WithRSAEncryption, { keyType: 'rsa', digest: 'sha256' }],
]);

/** node:crypto's names of P-256 and P-384. */
const EC_CURVES = new Set(['prime256v1', 'secp384r1']);
const MIN_RSA_BITS = 2048;

const invalid = (message: string, cause?: unknown) =>
  new PkiError('ERR_CSR_INVALID', message, cause === undefined ? undefined : { cause });

/**
 * Parses a DER CertificationRequest and checks its self-signature. Anything else than one well-formed
 * request of an accepted key, signed by that key, throws ERR_CSR_INVALID.
 */
export function parseCertificationRequest(der: Uint8Array): CertificationRequest {
  let request: CertificationRequest & { info: Uint8Array; signature: Uint8Array; digest: string };
  try {
    request = readRequest(der);
  } catch (e) {
    if (e instanceof PkiError && e.code === 'ERR_CSR_INVALID') throw e;
    throw invalid(`the certificate request is not well-formed DER: ${(e as Error).message}`, e);
  }
  let ok = false;
  try {
    ok = verify(request.digest, request.info, request.publicKey, request.signature);
  } catch {
    // OpenSSL throws for some malformed signatures (bad DER); they do not verify either.
  }
  if (!ok) {
    throw invalid("the certificate request's signature does not verify with its own public key");
  }
  return {
    publicKey: request.publicKey,
    keyType: request.keyType,
    subjectDer: request.subjectDer,
    subject: request.subject,
  };
}

function readRequest(der: Uint8Array) {
  // CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
  const [infoNode, sigAlg, sigValue] = expectSequence(parseDer(der), 3, 3) as [Node, Node, Node];
  // CertificationRequestInfo ::= SEQUENCE { version INTEGER { v1(0) }, subject Name,
  //   subjectPKInfo SubjectPublicKeyInfo, attributes [0] IMPLICIT SET OF Attribute }
  const [version, subjectNode, spki, attributes] = expectSequence(infoNode, 4, 4) as [Node, Node, Node, Node];
  if (readSmallInteger(version) !== 0) throw invalid('the certificate request is not version 1');
  const subject = parseName(subjectNode);
  // Attributes (challengePassword, extensionRequest) are read for structure only: a CA adds what it certifies.
  for (const attr of expectSequence(attributes, 0, Number.POSITIVE_INFINITY, 0xa0)) {
    const [type, values] = expectSequence(attr, 2, 2) as [Node, Node];
    readOid(type);
    expectSequence(values, 1, Number.POSITIVE_INFINITY, Tag.SET);
  }

  const [keyAlg, keyBits] = expectSequence(spki, 2, 2) as [Node, Node];
  expectSequence(keyAlg, 1, 2);
  if (readBitString(keyBits).unusedBits !== 0) throw invalid('the public key BIT STRING has unused bits');
  const publicKey = loadPublicKey(raw(spki));

  const [algId, algParams] = expectSequence(sigAlg, 1, 2) as [Node, Node | undefined];
  const algOid = readOid(algId);
  const alg = SIGNATURE_ALGORITHMS.get(algOid);
  if (!alg) {
    throw invalid(
      `signature algorithm ${algOid} is not accepted (ecdsa-with-SHA256/384 or sha256WithRSAEncryption)`,
    );
  }
  // RFC 5758 3.2: ECDSA parameters absent; RFC 4055 5: RSA parameters NULL, absence accepted.
  if (
    algParams &&
    (alg.keyType === 'ec' || algParams.tag !== Tag.NULL || algParams.end !== algParams.contentStart)
  ) {
    throw invalid(`signature algorithm ${algOid} has parameters it must not have`);
  }
  const keyType = checkKey(publicKey);
  if (keyType !== alg.keyType) throw invalid(`a ${keyType} key cannot make a ${algOid} signature`);
  const signature = readBitString(sigValue);
  if (signature.unusedBits !== 0) throw invalid('the signature BIT STRING has unused bits');
  return {
    info: raw(infoNode),
    signature: signature.bytes,
    digest: alg.digest,
    publicKey,
    keyType,
    subjectDer: Uint8Array.from(raw(subjectNode)),
    subject,
  };
}

function loadPublicKey(spki: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (e) {
    throw invalid('the public key of the certificate request cannot be read', e);
  }
}

function checkKey(key: KeyObject): 'ec' | 'rsa' {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    if (!EC_CURVES.has(details.namedCurve ?? '')) {
      throw invalid(`EC keys must be on P-256 or P-384, not ${details.namedCurve ?? 'an unnamed curve'}`);
    }
    return 'ec';
  }
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw invalid(`RSA keys must have at least ${MIN_RSA_BITS} bits, not ${details.modulusLength}`);
    }
    return 'rsa';
  }
  throw invalid(`${key.asymmetricKeyType ?? 'this'} keys are not accepted (ECDSA P-256/P-384 or RSA)`);
}
