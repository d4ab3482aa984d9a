import {
  type Der,
  expectSequence,
  expectTag,
  explicit,
  type Node,
  octetString,
  oid,
  parseDer,
  raw,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import type { Certificate } from '../x509/certificate.ts';
import { type CertId, encodeCertId, parseCertId } from './cert-id.ts';

/** Nonce Extension (RFC 8954 2.1): extnValue holds the DER of an OCTET STRING of 1..32 bytes. */
export function nonceExtension(nonce: Uint8Array): Der {
  return sequence(oid(OID.ocspNonce), octetString(octetString(nonce)));
}

/**
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] OPTIONAL } with one Request for
 * `cert` and, when given, a nonce request extension (RFC 6960 4.1.1).
 */
export function buildOcspRequest(
  cert: Certificate,
  issuer: Certificate,
  opts: { nonce?: Uint8Array } = {},
): Uint8Array {
  const parts: Der[] = [sequence(sequence(encodeCertId(cert, issuer)))];
  if (opts.nonce) parts.push(explicit(2, sequence(nonceExtension(opts.nonce))));
  return sequence(sequence(...parts));
}

export interface OcspRequest {
  certIds: (CertId & { der: Uint8Array })[];
  /** The nonce Extension TLV, echoed unchanged in the response (RFC 6960 4.4.1). */
  nonceExtensionDer?: Uint8Array;
  nonce?: Uint8Array;
}

/** Reads an OCSPRequest; throws the DER reader's errors on malformed input. The signature is ignored. */
export function parseOcspRequest(der: Uint8Array): OcspRequest {
  const [tbs] = expectSequence(parseDer(der), 1, 2) as [Node];
  const fields = expectSequence(tbs, 1, 4);
  let i = 0;
  if (fields[i]?.tag === 0xa0) {
    const [version] = expectSequence(fields[i++]!, 1, 1, 0xa0) as [Node];
    if (readSmallInteger(version) !== 0) throw new Error('unsupported OCSP request version');
  }
  if (fields[i]?.tag === 0xa1) i++; // requestorName
  const list = fields[i++];
  if (!list) throw new Error('OCSP request has no requestList');
  const certIds = expectSequence(list, 1).map((request) => {
    const [certId, extensions] = expectSequence(request, 1, 2) as [Node, Node | undefined];
    if (extensions) expectTag(extensions, 0xa0);
    return parseCertId(certId);
  });
  const out: OcspRequest = { certIds };
  if (fields[i]?.tag === 0xa2) {
    const [extensions] = expectSequence(fields[i++]!, 1, 1, 0xa2) as [Node];
    for (const ext of expectSequence(extensions, 1)) {
      const items = expectSequence(ext, 2, 3);
      if (readOid(items[0]!) !== OID.ocspNonce) continue;
      const inner = parseDer(readOctetString(items[items.length - 1]!));
      expectTag(inner, Tag.OCTET_STRING);
      out.nonceExtensionDer = raw(ext);
      out.nonce = readOctetString(inner);
    }
  }
  if (i !== fields.length) throw new Error('unexpected TBSRequest field');
  return out;
}
