import {
  type Der,
  enumerated,
  expectSequence,
  expectTag,
  type Node,
  parseDer,
  raw,
  readBitString,
  readInteger,
  readOctetString,
  readOid,
  readTime,
  sequence,
  Tag,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import type { RevocationStatus } from '../ca/pki.ts';
import { revocationReasonFromCode } from '../crl/revocation-reason.ts';
import { PkiError } from '../errors.ts';
import { Certificate } from '../x509/certificate.ts';
import { type CertId, parseCertId } from './cert-id.ts';
import { ocspFailed } from './ocsp-error.ts';

/** OCSPResponseStatus values (RFC 6960 4.2.1); 4 is unused. */
const RESPONSE_STATUSES = [
  'successful',
  'malformedRequest',
  'internalError',
  'tryLater',
  undefined,
  'sigRequired',
  'unauthorized',
] as const;

export type OcspResponseStatus = NonNullable<(typeof RESPONSE_STATUSES)[number]>;

/** An OCSPResponse without responseBytes, for every status but successful. */
export function errorResponse(status: Exclude<OcspResponseStatus, 'successful'>): Der {
  return sequence(enumerated(RESPONSE_STATUSES.indexOf(status)));
}

export interface OcspSingleResponse {
  certId: CertId;
  status: RevocationStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface BasicOcspResponse {
  tbsDer: Uint8Array;
  signatureAlgorithmOid: string;
  signature: Uint8Array;
  certificates: Certificate[];
  producedAt: Date;
  responderId: { nameDer: Uint8Array } | { keyHash: Uint8Array };
  responses: OcspSingleResponse[];
  /** The nonce response extension value (RFC 8954), when present. */
  nonce?: Uint8Array;
}

export interface ParsedOcspResponse {
  responseStatus: OcspResponseStatus;
  der: Uint8Array;
  basic?: BasicOcspResponse;
}

/** An [n] IMPLICIT or ENUMERATED integer read as the INTEGER it replaces. */
const readSmall = (node: Node): number => Number(readInteger({ ...node, tag: Tag.INTEGER }));

function readGeneralizedTime(node: Node): Date {
  expectTag(node, Tag.GENERALIZED_TIME);
  return readTime(node);
}

/**
 * Parses an OCSPResponse (RFC 6960 4.2.1) holding a BasicOCSPResponse. Structure only: the signature
 * and the match with a certificate are checkOcspResponse's work. Throws ERR_OCSP_FAILED when malformed.
 */
export function parseOcspResponse(input: Uint8Array): ParsedOcspResponse {
  const der = Uint8Array.from(input);
  try {
    const [statusNode, bytesNode] = expectSequence(parseDer(der), 1, 2) as [Node, Node | undefined];
    expectTag(statusNode, Tag.ENUMERATED);
    const responseStatus = RESPONSE_STATUSES[readSmall(statusNode)];
    if (!responseStatus) throw new Error('unknown OCSPResponseStatus');
    if (responseStatus !== 'successful') {
      if (bytesNode) throw new Error(`a ${responseStatus} response carries responseBytes`);
      return { responseStatus, der };
    }
    if (!bytesNode) throw new Error('a successful response has no responseBytes');
    const [responseBytes] = expectSequence(bytesNode, 1, 1, 0xa0) as [Node];
    const [type, response] = expectSequence(responseBytes, 2, 2) as [Node, Node];
    const responseType = readOid(type);
    if (responseType !== OID.ocspBasic) throw new Error(`unsupported response type ${responseType}`);
    return { responseStatus, der, basic: parseBasic(readOctetString(response)) };
  } catch (e) {
    if (e instanceof PkiError && e.code === 'ERR_OCSP_FAILED') throw e;
    throw ocspFailed(`malformed OCSP response: ${e instanceof Error ? e.message : String(e)}`, e);
  }
}

/** BasicOCSPResponse ::= SEQUENCE { tbsResponseData, signatureAlgorithm, signature, certs [0] OPTIONAL }. */
function parseBasic(bytes: Uint8Array): BasicOcspResponse {
  const [tbs, alg, sig, certsNode] = expectSequence(parseDer(bytes), 3, 4) as [
    Node,
    Node,
    Node,
    Node | undefined,
  ];
  const signatureAlgorithmOid = readOid(expectSequence(alg, 1, 2)[0]!);
  const { bytes: signature, unusedBits } = readBitString(sig);
  if (unusedBits !== 0) throw new Error('signature BIT STRING has unused bits');
  const certificates = certsNode
    ? expectSequence(expectSequence(certsNode, 1, 1, 0xa0)[0]!).map((c) => Certificate.fromDer(raw(c)))
    : [];

  const fields = expectSequence(tbs, 3, 5);
  let i = 0;
  if (fields[i]?.tag === 0xa0) {
    if (readSmall(expectSequence(fields[i++]!, 1, 1, 0xa0)[0]!) !== 0) throw new Error('unsupported version');
  }
  const idNode = fields[i++]!;
  let responderId: BasicOcspResponse['responderId'];
  if (idNode.tag === 0xa1) responderId = { nameDer: raw(expectSequence(idNode, 1, 1, 0xa1)[0]!) };
  else if (idNode.tag === 0xa2)
    responderId = { keyHash: readOctetString(expectSequence(idNode, 1, 1, 0xa2)[0]!) };
  else throw new Error('bad ResponderID');
  const producedAtNode = fields[i++];
  const responsesNode = fields[i++];
  if (!producedAtNode || !responsesNode) throw new Error('ResponseData is missing fields');
  const basic: BasicOcspResponse = {
    tbsDer: raw(tbs),
    signatureAlgorithmOid,
    signature,
    certificates,
    producedAt: readGeneralizedTime(producedAtNode),
    responderId,
    responses: expectSequence(responsesNode).map(parseSingle),
  };
  if (fields[i]?.tag === 0xa1) {
    const [extensions] = expectSequence(fields[i++]!, 1, 1, 0xa1) as [Node];
    for (const ext of expectSequence(extensions, 1)) {
      const items = expectSequence(ext, 2, 3);
      if (readOid(items[0]!) === OID.ocspNonce) {
        basic.nonce = readOctetString(parseDer(readOctetString(items[items.length - 1]!)));
      }
    }
  }
  if (i !== fields.length) throw new Error('unexpected ResponseData field');
  return basic;
}

/** SingleResponse ::= SEQUENCE { certID, certStatus, thisUpdate, nextUpdate [0] OPTIONAL, singleExtensions [1] OPTIONAL }. */
function parseSingle(node: Node): OcspSingleResponse {
  const items = expectSequence(node, 3, 5);
  const certId = parseCertId(items[0]!);
  const statusNode = items[1]!;
  let status: RevocationStatus;
  if (statusNode.tag === 0x80 && statusNode.end === statusNode.contentStart) status = { status: 'good' };
  else if (statusNode.tag === 0x82 && statusNode.end === statusNode.contentStart)
    status = { status: 'unknown' };
  else if (statusNode.tag === 0xa1) {
    // RevokedInfo ::= SEQUENCE { revocationTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const [time, reasonNode] = expectSequence(statusNode, 1, 2, 0xa1) as [Node, Node | undefined];
    status = { status: 'revoked', revokedAt: readGeneralizedTime(time) };
    if (reasonNode) {
      const [value] = expectSequence(reasonNode, 1, 1, 0xa0) as [Node];
      expectTag(value, Tag.ENUMERATED);
      const reason = revocationReasonFromCode(readSmall(value));
      if (reason) status.reason = reason;
    }
  } else throw new Error('bad CertStatus');
  const single: OcspSingleResponse = { certId, status, thisUpdate: readGeneralizedTime(items[2]!) };
  let i = 3;
  if (items[i]?.tag === 0xa0)
    single.nextUpdate = readGeneralizedTime(expectSequence(items[i++]!, 1, 1, 0xa0)[0]!);
  if (items[i]?.tag === 0xa1) i++;
  if (i !== items.length) throw new Error('unexpected SingleResponse field');
  return single;
}
