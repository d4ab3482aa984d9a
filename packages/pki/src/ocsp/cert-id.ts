import { createHash } from 'node:crypto';
import {
  compareBytes,
  type Der,
  expectSequence,
  integer,
  type Node,
  nullValue,
  octetString,
  oid,
  raw,
  readInteger,
  readOctetString,
  readOid,
  sequence,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { digestAlgorithmFromOid } from '../keys/key-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';

/** CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber } (RFC 6960 4.1.1). */
export interface CertId {
  hashAlgorithmOid: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  serialNumber: bigint;
}

/** Hash names node:crypto knows for the CertID algorithms we accept. */
function hashName(algOid: string): string | undefined {
  return algOid === OID.sha1 ? 'sha1' : digestAlgorithmFromOid(algOid);
}

const issuerHashCache = new WeakMap<Certificate, Map<string, { name: Buffer; key: Buffer }>>();

/** issuerNameHash and issuerKeyHash of `issuer` (hash of its subject DER and of its public key bits). */
function issuerHashes(issuer: Certificate, algOid: string): { name: Buffer; key: Buffer } | undefined {
  let byAlg = issuerHashCache.get(issuer);
  if (!byAlg) {
    byAlg = new Map();
    issuerHashCache.set(issuer, byAlg);
  }
  let hashes = byAlg.get(algOid);
  if (!hashes) {
    const name = hashName(algOid);
    if (!name) return undefined;
    hashes = {
      name: createHash(name).update(issuer.subjectDer).digest(),
      key: createHash(name).update(issuer.publicKeyBitString).digest(),
    };
    byAlg.set(algOid, hashes);
  }
  return hashes;
}

/**
 * CertID for `cert` issued by `issuer`. SHA-1 by default: RFC 5019 2.1.1 makes it the algorithm every
 * responder supports, and it only identifies, it does not protect. NULL parameters as OpenSSL writes them.
 */
export function encodeCertId(
  cert: Certificate,
  issuer: Certificate,
  hashAlgorithmOid: string = OID.sha1,
): Der {
  const hashes = issuerHashes(issuer, hashAlgorithmOid);
  if (!hashes) throw new Error(`unsupported CertID hash algorithm ${hashAlgorithmOid}`);
  return sequence(
    sequence(oid(hashAlgorithmOid), nullValue()),
    octetString(hashes.name),
    octetString(hashes.key),
    integer(cert.serialNumber),
  );
}

/** Reads a CertID; `der` is its TLV, echoed unchanged in responses. */
export function parseCertId(node: Node): CertId & { der: Uint8Array } {
  const [alg, nameHash, keyHash, serial] = expectSequence(node, 4, 4) as [Node, Node, Node, Node];
  return {
    hashAlgorithmOid: readOid(expectSequence(alg, 1, 2)[0]!),
    issuerNameHash: readOctetString(nameHash),
    issuerKeyHash: readOctetString(keyHash),
    serialNumber: readInteger(serial),
    der: raw(node),
  };
}

/** The CertID names `issuer` (both hashes match under the CertID's own hash algorithm). */
export function certIdNamesIssuer(certId: CertId, issuer: Certificate): boolean {
  const hashes = issuerHashes(issuer, certId.hashAlgorithmOid);
  return (
    hashes !== undefined &&
    compareBytes(hashes.name, certId.issuerNameHash) === 0 &&
    compareBytes(hashes.key, certId.issuerKeyHash) === 0
  );
}
