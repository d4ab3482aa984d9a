import {
  type Der,
  expectSequence,
  expectTag,
  explicit,
  generalizedTime,
  implicitPrimitive,
  integer,
  type Node,
  parseDer,
  readBoolean,
  readInteger,
  readOctetString,
  readOid,
  readSmallInteger,
  readTime,
  sequence,
  Tag,
  tlv,
} from '../asn1/der.ts';
import { formatName, parseName } from '../x509/name.ts';

export interface TstInfoFields {
  policy: Der;
  messageImprintDer: Uint8Array;
  serialNumber: bigint;
  genTime: Date;
  accuracyMs?: number;
  nonceDer?: Uint8Array;
  /** GeneralName of the TSA, already wrapped as [0]. */
  tsaNameDer?: Der;
}

/** Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] 1..999 OPTIONAL, micros [1] OPTIONAL }. */
function accuracy(ms: number): Der | undefined {
  const seconds = Math.floor(ms / 1000);
  const millis = Math.round(ms % 1000);
  if (seconds === 0 && millis === 0) return undefined;
  const parts: Der[] = [];
  if (seconds > 0) parts.push(integer(seconds));
  if (millis > 0) parts.push(implicitPrimitive(0, integer(millis).subarray(2)));
  return sequence(...parts);
}

/**
 * TSTInfo (RFC 3161 2.4.2): version 1, policy, messageImprint, serialNumber, genTime (GeneralizedTime
 * with fractional seconds only when non-zero, no trailing zeros), accuracy, nonce, tsa.
 */
export function encodeTstInfo(f: TstInfoFields): Der {
  const parts: Der[] = [
    integer(1),
    f.policy,
    f.messageImprintDer,
    integer(f.serialNumber),
    generalizedTime(f.genTime, true),
  ];
  const acc = f.accuracyMs === undefined ? undefined : accuracy(f.accuracyMs);
  if (acc) parts.push(acc);
  if (f.nonceDer) parts.push(f.nonceDer);
  if (f.tsaNameDer) parts.push(f.tsaNameDer);
  return sequence(...parts);
}

/** The TSA's GeneralName: [0] EXPLICIT directoryName [4] EXPLICIT Name. */
export function tsaNameField(subjectDer: Uint8Array): Der {
  return explicit(0, tlv(0xa4, subjectDer));
}

export interface TstInfo {
  policyOid: string;
  messageImprint: { digestAlgorithmOid: string; digest: Uint8Array };
  serialNumber: bigint;
  genTime: Date;
  accuracyMs?: number;
  ordering: boolean;
  nonce?: bigint;
  /** RFC 4514 form of a directoryName TSA name. */
  tsaName?: string;
}

/** An [n] IMPLICIT INTEGER read as the INTEGER it replaces. */
const implicitInteger = (node: Node): number => readSmallInteger({ ...node, tag: Tag.INTEGER });

function readAccuracy(node: Node): number {
  let ms = 0;
  for (const part of expectSequence(node, 0, 3)) {
    if (part.tag === Tag.INTEGER) ms += readSmallInteger(part) * 1000;
    else if (part.tag === 0x80) ms += implicitInteger(part);
    else if (part.tag === 0x81) ms += implicitInteger(part) / 1000;
    else throw new Error('bad Accuracy field');
  }
  return ms;
}

/** Parses TSTInfo strictly; throws the DER reader's errors on malformed input. */
export function parseTstInfo(der: Uint8Array): TstInfo {
  const items = expectSequence(parseDer(der), 5, 10);
  if (readSmallInteger(items[0]!) !== 1) throw new Error('TSTInfo version is not 1');
  const policyOid = readOid(items[1]!);
  const [algNode, digestNode] = expectSequence(items[2]!, 2, 2) as [Node, Node];
  const messageImprint = {
    digestAlgorithmOid: readOid(expectSequence(algNode, 1, 2)[0]!),
    digest: readOctetString(digestNode),
  };
  const serialNumber = readInteger(items[3]!);
  // RFC 3161 2.4.2: genTime is GeneralizedTime, never UTCTime.
  expectTag(items[4]!, Tag.GENERALIZED_TIME);
  const info: TstInfo = {
    policyOid,
    messageImprint,
    serialNumber,
    genTime: readTime(items[4]!),
    ordering: false,
  };
  let i = 5;
  if (items[i]?.tag === Tag.SEQUENCE) info.accuracyMs = readAccuracy(items[i++]!);
  if (items[i]?.tag === Tag.BOOLEAN) info.ordering = readBoolean(items[i++]!);
  if (items[i]?.tag === Tag.INTEGER) info.nonce = readInteger(items[i++]!);
  if (items[i]?.tag === 0xa0) {
    const [name] = expectSequence(items[i++]!, 1, 1, 0xa0) as [Node];
    if (name.tag === 0xa4) info.tsaName = formatName(parseName(expectSequence(name, 1, 1, 0xa4)[0]!));
  }
  if (items[i]?.tag === 0xa1) i++;
  if (i !== items.length) throw new Error('unexpected TSTInfo field');
  return info;
}
