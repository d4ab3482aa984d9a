// ESS signing-certificate (RFC 2634 5.4) and signing-certificate-v2 (RFC 5035 3) attributes: they
// bind the signer certificate into the signed attributes, which PAdES and RFC 3161 tokens require.

import { createHash } from 'node:crypto';
import {
  type Der,
  expectSequence,
  integer,
  type Node,
  octetString,
  readOctetString,
  readOid,
  sequence,
  Tag,
  tlv,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import {
  type DigestAlgorithm,
  digestAlgorithmFromOid,
  digestAlgorithmIdentifier,
} from '../keys/key-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { attribute } from './attribute.ts';
import type { ParsedSignerInfo } from './signed-data-parser.ts';

export interface EssCertIdV2 {
  hashAlgorithmOid: string;
  certHash: Uint8Array;
}

export interface EssCertId {
  certHash: Uint8Array;
}

/** IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber } with issuer as one directoryName [4]. */
function issuerSerial(cert: Certificate): Der {
  return sequence(sequence(tlv(0xa4, cert.issuerDer)), integer(cert.serialNumber));
}

const attributeCache = { sha256: new WeakMap<Certificate, Der>(), sm3: new WeakMap<Certificate, Der>() };

/**
 * The signing-certificate-v2 Attribute for `cert`: one ESSCertIDv2 with issuerSerial present and a
 * SHA-256 certHash, the hashAlgorithm omitted as DEFAULT (X.690 11.5); or, for SM2 signers, an SM3
 * certHash with its hashAlgorithm named, as gm-oracle (BouncyCastle) writes it. Built once per
 * certificate.
 */
export function signingCertificateV2Attribute(cert: Certificate, hash: 'sha256' | 'sm3' = 'sha256'): Der {
  let der = attributeCache[hash].get(cert);
  if (!der) {
    const certHash = octetString(createHash(hash).update(cert.der).digest());
    const essCertIdV2 =
      hash === 'sha256'
        ? sequence(certHash, issuerSerial(cert))
        : sequence(digestAlgorithmIdentifier('sm3'), certHash, issuerSerial(cert));
    der = attribute(OID.signingCertificateV2, sequence(sequence(essCertIdV2)));
    attributeCache[hash].set(cert, der);
  }
  return der;
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }. */
export function parseSigningCertificateV2(value: Node): EssCertIdV2[] {
  const [certs] = expectSequence(value, 1, 2) as [Node];
  return expectSequence(certs, 1).map((essCertId) => {
    const items = expectSequence(essCertId, 1, 3);
    let i = 0;
    let hashAlgorithmOid: string = OID.sha256;
    if (items[0]!.tag === Tag.SEQUENCE) {
      hashAlgorithmOid = readOid(expectSequence(items[0]!, 1, 2)[0]!);
      i = 1;
    }
    const hashNode = items[i++];
    if (!hashNode) throw new Error('ESSCertIDv2 has no certHash');
    const certHash = readOctetString(hashNode);
    if (items[i]) expectSequence(items[i]!, 2, 2);
    if (i + 1 < items.length) throw new Error('ESSCertIDv2 has extra fields');
    return { hashAlgorithmOid, certHash };
  });
}

/** SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies OPTIONAL }; SHA-1 hashes. */
export function parseSigningCertificateV1(value: Node): EssCertId[] {
  const [certs] = expectSequence(value, 1, 2) as [Node];
  return expectSequence(certs, 1).map((essCertId) => {
    const items = expectSequence(essCertId, 1, 2);
    if (items[1]) expectSequence(items[1], 2, 2);
    return { certHash: readOctetString(items[0]!) };
  });
}

const hashOfV1 = 'sha1';

/**
 * Whether the first ESS certificate identifier of a SignerInfo names `cert` (RFC 5035 5.4.1: the
 * first entry identifies the signer). Undefined when the SignerInfo carries neither attribute or its
 * hash algorithm is unsupported.
 */
export function signingCertificateMatches(
  si: Pick<ParsedSignerInfo, 'signingCertificateV2' | 'signingCertificateV1'>,
  cert: Certificate,
): boolean | undefined {
  const v2 = si.signingCertificateV2?.[0];
  if (v2) {
    const alg: DigestAlgorithm | undefined = digestAlgorithmFromOid(v2.hashAlgorithmOid);
    if (!alg) return undefined;
    return createHash(alg).update(cert.der).digest().equals(v2.certHash);
  }
  const v1 = si.signingCertificateV1?.[0];
  if (v1) return createHash(hashOfV1).update(cert.der).digest().equals(v1.certHash);
  return undefined;
}
