import {
  type Der,
  expectSequence,
  integer,
  type Node,
  namedBits,
  parseDer,
  raw,
  readNamedBits,
  readSmallInteger,
  readString,
  sequence,
  Tag,
  utf8String,
} from '../asn1/der.ts';

/** PKIFailureInfo bits (RFC 3161 2.4.2). */
export const FAILURE_BITS = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type TimestampFailure = keyof typeof FAILURE_BITS;

const GRANTED = 0;
const GRANTED_WITH_MODS = 1;
const REJECTION = 2;

/** TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken OPTIONAL }, status granted. */
export function grantedResponse(token: Der): Der {
  return sequence(sequence(integer(GRANTED)), token);
}

/** A rejection with failInfo and a human-readable statusString (PKIFreeText). */
export function rejectionResponse(failure: TimestampFailure, text: string): Der {
  return sequence(
    sequence(integer(REJECTION), sequence(utf8String(text)), namedBits([FAILURE_BITS[failure]])),
  );
}

export interface ParsedTimestampResponse {
  /** PKIStatus: 0 granted, 1 grantedWithMods, 2 rejection, 3 waiting, 4/5 revocation notices. */
  status: number;
  granted: boolean;
  statusText: string[];
  failures: TimestampFailure[];
  token?: Uint8Array;
}

const failureByBit = new Map<number, TimestampFailure>(
  Object.entries(FAILURE_BITS).map(([name, bit]) => [bit, name as TimestampFailure]),
);

/** Reads a TimeStampResp; throws the DER reader's errors on malformed input. */
export function parseTimestampResponse(der: Uint8Array): ParsedTimestampResponse {
  const [statusInfo, tokenNode] = expectSequence(parseDer(der), 1, 2) as [Node, Node | undefined];
  const fields = expectSequence(statusInfo, 1, 3);
  const status = readSmallInteger(fields[0]!);
  const out: ParsedTimestampResponse = {
    status,
    granted: status === GRANTED || status === GRANTED_WITH_MODS,
    statusText: [],
    failures: [],
  };
  for (const field of fields.slice(1)) {
    if (field.tag === Tag.SEQUENCE) out.statusText = expectSequence(field, 1).map(readString);
    else
      out.failures = [...readNamedBits(field)].map(
        (bit) => failureByBit.get(bit) ?? (`bit${bit}` as TimestampFailure),
      );
  }
  if (tokenNode) out.token = raw(tokenNode);
  if (out.granted !== (tokenNode !== undefined))
    throw new Error('granted status and token presence disagree');
  return out;
}
