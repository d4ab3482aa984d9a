import {
  boolean,
  type Der,
  expectSequence,
  integer,
  type Node,
  octetString,
  oid,
  parseDer,
  raw,
  readBoolean,
  readInteger,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  Tag,
} from '../asn1/der.ts';
import { type DigestAlgorithm, digestAlgorithmIdentifier } from '../keys/key-algorithm.ts';

/** MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING } (RFC 3161 2.4.1). */
export function messageImprint(digest: Uint8Array, alg: DigestAlgorithm): Der {
  return sequence(digestAlgorithmIdentifier(alg), octetString(digest));
}

/**
 * TimeStampReq ::= SEQUENCE { version v1, messageImprint, reqPolicy OPTIONAL, nonce INTEGER OPTIONAL,
 * certReq BOOLEAN DEFAULT FALSE, extensions [0] OPTIONAL } (RFC 3161 2.4.1).
 */
export function buildTimestampRequest(
  digest: Uint8Array,
  alg: DigestAlgorithm,
  opts: { nonce?: bigint; certReq?: boolean; policyOid?: string } = {},
): Uint8Array {
  const parts: Der[] = [integer(1), messageImprint(digest, alg)];
  if (opts.policyOid) parts.push(oid(opts.policyOid));
  if (opts.nonce !== undefined) parts.push(integer(opts.nonce));
  // X.690 11.5: the DEFAULT FALSE is omitted.
  if (opts.certReq) parts.push(boolean(true));
  return sequence(...parts);
}

export interface TimestampRequest {
  version: number;
  /** The request's MessageImprint TLV, echoed unchanged into TSTInfo (RFC 3161 2.4.2). */
  messageImprintDer: Uint8Array;
  digestAlgorithmOid: string;
  digest: Uint8Array;
  policyOid?: string;
  /** The nonce INTEGER TLV, echoed unchanged. */
  nonceDer?: Uint8Array;
  nonce?: bigint;
  certReq: boolean;
  hasExtensions: boolean;
}

/** Reads a TimeStampReq; throws the DER reader's errors on malformed input. */
export function parseTimestampRequest(der: Uint8Array): TimestampRequest {
  const items = expectSequence(parseDer(der), 2, 6);
  const version = readSmallInteger(items[0]!);
  const imprintNode = items[1]!;
  const [algNode, digestNode] = expectSequence(imprintNode, 2, 2) as [Node, Node];
  const digestAlgorithmOid = readOid(expectSequence(algNode, 1, 2)[0]!);
  const req: TimestampRequest = {
    version,
    messageImprintDer: raw(imprintNode),
    digestAlgorithmOid,
    digest: readOctetString(digestNode),
    certReq: false,
    hasExtensions: false,
  };
  let i = 2;
  if (items[i]?.tag === Tag.OID) req.policyOid = readOid(items[i++]!);
  if (items[i]?.tag === Tag.INTEGER) {
    req.nonceDer = raw(items[i]!);
    req.nonce = readInteger(items[i++]!);
  }
  if (items[i]?.tag === Tag.BOOLEAN) req.certReq = readBoolean(items[i++]!);
  if (items[i]?.tag === 0xa0) {
    req.hasExtensions = true;
    i++;
  }
  if (i !== items.length) throw new Error('unexpected TimeStampReq field');
  return req;
}
