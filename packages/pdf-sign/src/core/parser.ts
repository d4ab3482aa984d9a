// Object parser (ISO 32000-2 7.3): iterative, so hostile nesting cannot overflow the JS stack.

import { indexOfAscii } from './byte-search.ts';
import { isDigit, Lexer } from './lexer.ts';
import { type PdfArray, PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from './objects.ts';
import { malformed, PdfError } from './pdf-error.ts';

export interface ParseLimits {
  /** Maximum nesting of arrays and dictionaries (default 256). */
  readonly maxDepth?: number;
  /** Record file spans on strings and dictionaries (default true; off for objects inside object streams). */
  readonly spans?: boolean;
}

export const DEFAULT_MAX_DEPTH = 256;

interface ArrayFrame {
  readonly items: PdfArray;
  readonly map?: undefined;
  readonly start: number;
}
interface DictFrame {
  readonly items?: undefined;
  readonly map: Map<string, PdfObject>;
  key: string | undefined;
  readonly start: number;
}
type Frame = ArrayFrame | DictFrame;

/** Parses one direct object at the lexer's position (white-space first is skipped). */
export function parseValue(lx: Lexer, limits?: ParseLimits): PdfObject {
  const b = lx.bytes;
  const maxDepth = limits?.maxDepth ?? DEFAULT_MAX_DEPTH;
  const spans = limits?.spans ?? true;
  const stack: Frame[] = [];
  for (;;) {
    lx.skipWhite();
    const pos = lx.pos;
    if (pos >= b.length) throw malformed(`unexpected end of data at offset ${pos}`);
    const c = b[pos]!;
    let value: PdfObject;
    if (c === 0x5b) {
      // '['
      if (stack.length >= maxDepth) throw tooDeep(pos, maxDepth);
      stack.push({ items: [], start: pos });
      lx.pos++;
      continue;
    } else if (c === 0x3c && b[pos + 1] === 0x3c) {
      // '<<'
      if (stack.length >= maxDepth) throw tooDeep(pos, maxDepth);
      stack.push({ map: new Map(), key: undefined, start: pos });
      lx.pos += 2;
      continue;
    } else if (c === 0x5d) {
      // ']'
      const top = stack.pop();
      if (!top?.items) throw malformed(`unexpected ']' at offset ${pos}`);
      lx.pos++;
      value = top.items;
    } else if (c === 0x3e) {
      // '>>'
      const top = stack.pop();
      if (b[pos + 1] !== 0x3e || !top?.map) throw malformed(`unexpected '>' at offset ${pos}`);
      if (top.key !== undefined) throw malformed(`dictionary key /${top.key} has no value at offset ${pos}`);
      lx.pos += 2;
      value = new PdfDict(top.map, spans ? { start: top.start, end: lx.pos } : undefined);
    } else if (c === 0x28) {
      const bytes = lx.readLiteralString();
      value = new PdfString(bytes, false, spans ? { start: pos, end: lx.pos } : undefined);
    } else if (c === 0x3c) {
      const bytes = lx.readHexString();
      value = new PdfString(bytes, true, spans ? { start: pos, end: lx.pos } : undefined);
    } else if (c === 0x2f) {
      value = PdfName.of(lx.readName());
    } else if (isDigit(c) || c === 0x2d || c === 0x2b || c === 0x2e) {
      value = readNumberOrRef(lx);
    } else if (lx.matchKeyword('true')) {
      value = true;
    } else if (lx.matchKeyword('false')) {
      value = false;
    } else if (lx.matchKeyword('null')) {
      value = null;
    } else {
      const word = lx.readRegular() || String.fromCharCode(c);
      throw malformed(`unexpected '${word.slice(0, 20)}' at offset ${pos}`);
    }

    const top = stack[stack.length - 1];
    if (!top) return value;
    if (top.items) top.items.push(value);
    else if (top.key === undefined) {
      if (!(value instanceof PdfName)) throw malformed(`dictionary key is not a name at offset ${pos}`);
      top.key = value.name;
    } else {
      // 7.3.7: an entry whose value is null is the same as an absent entry.
      if (value === null) top.map.delete(top.key);
      else top.map.set(top.key, value);
      top.key = undefined;
    }
  }
}

const tooDeep = (pos: number, max: number): PdfError =>
  new PdfError('ERR_PDF_TOO_COMPLEX', `objects nested deeper than ${max} at offset ${pos}`);

/** A number, or an indirect reference "N G R" (7.3.10) when two unsigned integers are followed by R. */
function readNumberOrRef(lx: Lexer): number | PdfRef {
  const b = lx.bytes;
  const start = lx.pos;
  const { value, integer } = lx.readNumber();
  if (!integer || !isDigit(b[start]!)) return value;
  const after = lx.pos;
  lx.skipWhite();
  const gen = lx.readUnsigned();
  if (gen >= 0) {
    lx.skipWhite();
    if (lx.matchKeyword('R')) return new PdfRef(value, gen);
  }
  lx.pos = after;
  return value;
}

/** Parses the direct object at `offset`. */
export function parseObjectAt(
  bytes: Uint8Array,
  offset: number,
  limits?: ParseLimits,
): { object: PdfObject; end: number } {
  const lx = new Lexer(bytes, offset);
  const object = parseValue(lx, limits);
  return { object, end: lx.pos };
}

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly object: PdfObject;
  /** Offset of the object number. */
  readonly start: number;
  /** Offset just past "endobj". */
  readonly end: number;
  /** The stream's /Length did not lead to "endstream"; its data was delimited by searching for it. */
  readonly lengthMismatch?: boolean;
}

/** Parses "N G obj … endobj" at `offset` (7.3.10), streams included (7.3.8). */
export function parseIndirectObjectAt(
  bytes: Uint8Array,
  offset: number,
  resolveLength?: (ref: PdfRef) => number | undefined,
  limits?: ParseLimits,
): IndirectObject {
  const lx = new Lexer(bytes, offset);
  lx.skipWhite();
  const start = lx.pos;
  const num = lx.readUnsigned();
  lx.skipWhite();
  const gen = num < 0 ? -1 : lx.readUnsigned();
  lx.skipWhite();
  if (num < 0 || gen < 0 || !lx.matchKeyword('obj')) {
    throw malformed(`no "N G obj" at offset ${offset}`);
  }
  let object = parseValue(lx, limits);
  let lengthMismatch = false;
  lx.skipWhite();
  if (object instanceof PdfDict && lx.matchKeyword('stream')) {
    const stream = readStreamData(lx, object, resolveLength);
    object = stream.stream;
    lengthMismatch = stream.lengthMismatch;
    lx.skipWhite();
  }
  if (!lx.matchKeyword('endobj')) throw malformed(`object ${num} ${gen} at offset ${start} lacks "endobj"`);
  return lengthMismatch
    ? { num, gen, object, start, end: lx.pos, lengthMismatch }
    : { num, gen, object, start, end: lx.pos };
}

function readStreamData(
  lx: Lexer,
  dict: PdfDict,
  resolveLength?: (ref: PdfRef) => number | undefined,
): { stream: PdfStream; lengthMismatch: boolean } {
  const b = lx.bytes;
  let p = lx.pos;
  // 7.3.8.1: "stream" is followed by CRLF or LF; tolerate a lone CR and trailing spaces.
  while (b[p] === 0x20 || b[p] === 0x09) p++;
  if (b[p] === 0x0d) p++;
  if (b[p] === 0x0a) p++;
  const dataStart = p;
  const lengthObj = dict.get('Length');
  const length =
    typeof lengthObj === 'number'
      ? lengthObj
      : lengthObj instanceof PdfRef
        ? resolveLength?.(lengthObj)
        : undefined;
  if (length !== undefined && Number.isInteger(length) && length >= 0 && dataStart + length <= b.length) {
    const probe = new Lexer(b, dataStart + length);
    probe.skipWhite();
    if (probe.matchKeyword('endstream')) {
      lx.pos = probe.pos;
      return { stream: streamOf(dict, b, dataStart, dataStart + length, probe.pos), lengthMismatch: false };
    }
  }
  const at = indexOfAscii(b, 'endstream', dataStart);
  if (at < 0) throw malformed(`stream at offset ${dataStart} has no "endstream"`);
  let dataEnd = at;
  // The EOL before "endstream" is not part of the data (7.3.8.1).
  if (dataEnd > dataStart && b[dataEnd - 1] === 0x0a) dataEnd--;
  if (dataEnd > dataStart && b[dataEnd - 1] === 0x0d) dataEnd--;
  lx.pos = at + 9;
  return { stream: streamOf(dict, b, dataStart, dataEnd, lx.pos), lengthMismatch: true };
}

const streamOf = (dict: PdfDict, b: Uint8Array, start: number, end: number, after: number): PdfStream =>
  new PdfStream(dict, b.subarray(start, end), { start: dict.span?.start ?? start, end: after });
