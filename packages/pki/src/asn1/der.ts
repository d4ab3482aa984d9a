// Minimal DER (ITU-T X.690) encoder and reader. Hand-rolled because signing is a hot path: building a
// CMS SignedData with these helpers costs microseconds, where generic ASN.1 object libraries cost
// milliseconds per document (see docs/architecture.md, "speed budget").

import { Asn1Error } from './asn1-error.ts';

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** A DER encoding: bytes that are already a complete TLV. */
export type Der = Uint8Array;

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Uint8Array): Der {
  const length = encodeLength(content.length);
  const out = new Uint8Array(1 + length.length + content.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(content, 1 + length.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export const sequence = (...items: Der[]): Der => tlv(Tag.SEQUENCE, concat(items));

/** DER SET OF: elements sorted by their encodings (X.690 11.6). */
export function setOf(...items: Der[]): Der {
  const sorted = [...items].sort(compareBytes);
  return tlv(Tag.SET, concat(sorted));
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** [n] EXPLICIT: constructed context-specific tag wrapping one encoding. */
export const explicit = (n: number, inner: Der): Der => tlv(0xa0 | n, inner);

/** [n] IMPLICIT constructed: replaces the tag of a SEQUENCE/SET with a context tag. */
export const implicitConstructed = (n: number, content: Uint8Array): Der => tlv(0xa0 | n, content);

/** [n] IMPLICIT primitive (e.g. GeneralName dNSName, uniformResourceIdentifier). */
export const implicitPrimitive = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content);

export function integer(value: bigint | number | Uint8Array): Der {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0 && value[start + 1]! < 0x80) start++;
    bytes = value.subarray(start);
    if (bytes.length === 0) bytes = Uint8Array.of(0);
    if (bytes[0]! >= 0x80) bytes = concat([Uint8Array.of(0), bytes]);
    return tlv(Tag.INTEGER, bytes);
  }
  let n = BigInt(value);
  if (n < 0n) throw new Asn1Error('negative INTEGER is not supported');
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (out[0]! >= 0x80) out.unshift(0);
  return tlv(Tag.INTEGER, Uint8Array.from(out));
}

export const boolean = (value: boolean): Der => tlv(Tag.BOOLEAN, Uint8Array.of(value ? 0xff : 0));
export const nullValue = (): Der => Uint8Array.of(Tag.NULL, 0);
export const octetString = (bytes: Uint8Array): Der => tlv(Tag.OCTET_STRING, bytes);
export const enumerated = (value: number): Der => tlv(Tag.ENUMERATED, integer(value).subarray(2));

/** BIT STRING with no unused bits (keys, signatures). */
export const bitString = (bytes: Uint8Array): Der => tlv(Tag.BIT_STRING, concat([Uint8Array.of(0), bytes]));

/** Named-bit BIT STRING (KeyUsage): bit 0 is the most significant bit; trailing zero bits dropped (X.690 11.2.2). */
export function namedBits(bits: readonly number[]): Der {
  if (bits.length === 0) return tlv(Tag.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  const unused = 7 - (highest & 7);
  return tlv(Tag.BIT_STRING, concat([Uint8Array.of(unused), bytes]));
}

const textEncoder = new TextEncoder();
export const utf8String = (s: string): Der => tlv(Tag.UTF8_STRING, textEncoder.encode(s));
export const printableString = (s: string): Der => tlv(Tag.PRINTABLE_STRING, textEncoder.encode(s));
export const ia5String = (s: string): Der => tlv(Tag.IA5_STRING, textEncoder.encode(s));

const oidCache = new Map<string, Der>();

export function oid(dotted: string): Der {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((a) => BigInt(a));
  if (arcs.length < 2) throw new Asn1Error(`bad OID ${dotted}`);
  const body: number[] = [];
  const pushArc = (arc: bigint) => {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let a = arc >> 7n; a > 0n; a >>= 7n) chunk.unshift(Number(a & 0x7fn) | 0x80);
    body.push(...chunk);
  };
  pushArc(arcs[0]! * 40n + arcs[1]!);
  for (const arc of arcs.slice(2)) pushArc(arc);
  const der = tlv(Tag.OID, Uint8Array.from(body));
  oidCache.set(dotted, der);
  return der;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** UTCTime for years 1950-2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
export function time(date: Date): Der {
  const y = date.getUTCFullYear();
  if (y >= 1950 && y < 2050) return utcTime(date);
  return generalizedTime(date);
}

export function utcTime(date: Date): Der {
  const s = `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.UTC_TIME, textEncoder.encode(s));
}

/** GeneralizedTime; with millis for RFC 3161 genTime when accuracy matters. */
export function generalizedTime(date: Date, withMillis = false): Der {
  let s = `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  if (withMillis && ms > 0) s += `.${pad(ms, 3).replace(/0+$/, '')}`;
  return tlv(Tag.GENERALIZED_TIME, textEncoder.encode(`${s}Z`));
}

// ---------------------------------------------------------------------------------------------
// Reader

/** One parsed TLV. Offsets point into `bytes` (the whole buffer given to `parseDer`). */
export interface Node {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the last content byte. */
  readonly end: number;
  readonly bytes: Uint8Array;
}

const MAX_DEPTH = 64;

export function readNode(bytes: Uint8Array, offset: number, limit = bytes.length): Node {
  if (offset + 2 > limit) throw new Asn1Error('truncated DER: no room for tag and length');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('high-tag-number form is not supported');
  let pos = offset + 1;
  const first = bytes[pos++]!;
  let length: number;
  if (first < 0x80) length = first;
  else {
    const count = first & 0x7f;
    if (count === 0) throw new Asn1Error('indefinite length is not DER');
    if (count > 4) throw new Asn1Error('DER length too large');
    if (pos + count > limit) throw new Asn1Error('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[pos++]!;
    if (length < 0x80 || (count > 1 && bytes[pos - count] === 0))
      throw new Asn1Error('non-minimal DER length');
  }
  const end = pos + length;
  if (end > limit) throw new Asn1Error('truncated DER content');
  return { tag, start: offset, contentStart: pos, end, bytes };
}

/** Parses exactly one TLV that must span the whole buffer. */
export function parseDer(bytes: Uint8Array): Node {
  const node = readNode(bytes, 0);
  if (node.end !== bytes.length) throw new Asn1Error('trailing bytes after DER value');
  return node;
}

/** Child TLVs of a constructed node. */
export function children(node: Node): Node[] {
  if ((node.tag & 0x20) === 0) throw new Asn1Error(`tag 0x${node.tag.toString(16)} is not constructed`);
  const out: Node[] = [];
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readNode(node.bytes, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Like `children`, but checks the tag and the number of children. */
export function expectSequence(
  node: Node,
  min = 0,
  max = Number.POSITIVE_INFINITY,
  tag: number = Tag.SEQUENCE,
): Node[] {
  expectTag(node, tag);
  const items = children(node);
  if (items.length < min || items.length > max) {
    throw new Asn1Error(`expected ${min}..${max} elements, found ${items.length}`);
  }
  return items;
}

export function expectTag(node: Node, tag: number): void {
  if (node.tag !== tag)
    throw new Asn1Error(`expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
}

/** The whole TLV bytes (a view, not a copy). */
export const raw = (node: Node): Uint8Array => node.bytes.subarray(node.start, node.end);
/** The content bytes (a view, not a copy). */
export const content = (node: Node): Uint8Array => node.bytes.subarray(node.contentStart, node.end);

export function readOid(node: Node): string {
  expectTag(node, Tag.OID);
  const body = content(node);
  if (body.length === 0) throw new Asn1Error('empty OID');
  const arcs: bigint[] = [];
  let value = 0n;
  for (let i = 0; i < body.length; i++) {
    value = (value << 7n) | BigInt(body[i]! & 0x7f);
    if ((body[i]! & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    } else if (i === body.length - 1) throw new Asn1Error('truncated OID');
  }
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

export function readInteger(node: Node): bigint {
  expectTag(node, Tag.INTEGER);
  const body = content(node);
  if (body.length === 0) throw new Asn1Error('empty INTEGER');
  let n = 0n;
  for (const b of body) n = (n << 8n) | BigInt(b);
  if (body[0]! & 0x80) n -= 1n << BigInt(body.length * 8);
  return n;
}

export function readSmallInteger(node: Node): number {
  const n = readInteger(node);
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Asn1Error('INTEGER out of range');
  }
  return Number(n);
}

export function readBoolean(node: Node): boolean {
  expectTag(node, Tag.BOOLEAN);
  const body = content(node);
  if (body.length !== 1) throw new Asn1Error('bad BOOLEAN');
  return body[0] !== 0;
}

export function readOctetString(node: Node): Uint8Array {
  expectTag(node, Tag.OCTET_STRING);
  return content(node);
}

/** BIT STRING contents without the unused-bits byte; `unusedBits` for named-bit strings. */
export function readBitString(node: Node): { bytes: Uint8Array; unusedBits: number } {
  expectTag(node, Tag.BIT_STRING);
  const body = content(node);
  if (body.length === 0 || body[0]! > 7) throw new Asn1Error('bad BIT STRING');
  return { bytes: body.subarray(1), unusedBits: body[0]! };
}

/** Bit numbers set in a named-bit BIT STRING (KeyUsage): bit 0 = most significant. */
export function readNamedBits(node: Node): Set<number> {
  const { bytes } = readBitString(node);
  const set = new Set<number>();
  bytes.forEach((byte, i) => {
    for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) set.add(i * 8 + bit);
  });
  return set;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const latin1Decoder = new TextDecoder('latin1');

/** Any of the string types used in names and certificates. */
export function readString(node: Node): string {
  const body = content(node);
  switch (node.tag) {
    case Tag.UTF8_STRING:
      return textDecoder.decode(body);
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case 0x14: // TeletexString, treated as Latin-1 as most software does
    case Tag.UTC_TIME:
    case Tag.GENERALIZED_TIME:
      return latin1Decoder.decode(body);
    case Tag.BMP_STRING: {
      let s = '';
      for (let i = 0; i + 1 < body.length; i += 2) s += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
      return s;
    }
    default:
      throw new Asn1Error(`tag 0x${node.tag.toString(16)} is not a string type`);
  }
}

export function readTime(node: Node): Date {
  const s = readString(node);
  let m: RegExpMatchArray | null;
  if (node.tag === Tag.UTC_TIME) {
    m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/);
    if (!m) throw new Asn1Error(`bad UTCTime ${s}`);
    const yy = Number(m[1]);
    return new Date(
      Date.UTC(
        yy >= 50 ? 1900 + yy : 2000 + yy,
        Number(m[2]) - 1,
        Number(m[3]),
        Number(m[4]),
        Number(m[5]),
        Number(m[6]),
      ),
    );
  }
  if (node.tag === Tag.GENERALIZED_TIME) {
    m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/);
    if (!m) throw new Asn1Error(`bad GeneralizedTime ${s}`);
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(
      Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms),
    );
  }
  throw new Asn1Error(`tag 0x${node.tag.toString(16)} is not a time`);
}

/** Guards recursive walks over untrusted DER. */
export function checkDepth(depth: number): void {
  if (depth > MAX_DEPTH) throw new Asn1Error('DER nesting too deep');
}
