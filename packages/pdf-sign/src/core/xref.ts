// Cross-reference sections (ISO 32000-2 7.5.4, 7.5.8) and the revision chain they form (7.5.6).

import { indexOfAscii, lastIndexOfAscii } from './byte-search.ts';
import { decodeStreamData } from './filters.ts';
import { Lexer } from './lexer.ts';
import { PdfDict, PdfName, PdfStream } from './objects.ts';
import { parseIndirectObjectAt, parseValue } from './parser.ts';
import { malformed, PdfError } from './pdf-error.ts';

export type XrefEntry =
  | { readonly type: 'free'; readonly gen: number }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly objStm: number; readonly index: number };

export interface Revision {
  /** 0 = original document. */
  readonly index: number;
  /** The startxref value that leads to this revision's section. */
  readonly xrefOffset: number;
  /** Where this revision's xref section / xref stream object begins. */
  readonly sectionStart: number;
  /** Offset just past this revision's "%%EOF" marker and its EOL. */
  readonly endOffset: number;
  /** The trailer dict (or xref stream dict). */
  readonly trailer: PdfDict;
  /** Entries declared by this revision's section(s). */
  readonly entries: ReadonlyMap<number, XrefEntry>;
  /** hybrid: a table with /XRefStm (7.5.8.4). */
  readonly kind: 'table' | 'stream' | 'hybrid';
}

export interface XrefLimits {
  readonly maxObjects: number;
  readonly maxDepth: number;
}

/** Hard cap on the number of sections in a /Prev chain. */
const MAX_SECTIONS = 10_000;

interface Section {
  readonly pointer: number;
  readonly start: number;
  /** Offset just past the trailer dictionary or the xref stream's "endobj". */
  readonly end: number;
  readonly trailer: PdfDict;
  readonly entries: Map<number, XrefEntry>;
  readonly kind: Revision['kind'];
}

/** The offset given by the last "startxref" of the file (7.5.5). */
export function findStartxref(bytes: Uint8Array): number {
  const at = lastIndexOfAscii(bytes, 'startxref');
  if (at < 0) throw malformed('no "startxref" found: not a complete PDF file');
  const lx = new Lexer(bytes, at + 9);
  lx.skipWhite();
  const offset = lx.readUnsigned();
  if (offset < 0 || offset >= bytes.length) throw malformed(`startxref points outside the file (${offset})`);
  return offset;
}

/**
 * Follows startxref → /Prev (and /XRefStm) newest first, then returns the revisions oldest first.
 * A section whose /Prev points forward (linearized files, F.3) belongs to the same revision as the section
 * that points to it.
 */
export function readRevisions(
  bytes: Uint8Array,
  startxref: number,
  limits: XrefLimits,
  tolerant = false,
): Revision[] {
  const sections: Section[] = [];
  const seen = new Set<number>();
  let pointer: number | undefined = startxref;
  while (pointer !== undefined) {
    if (seen.has(pointer)) {
      if (tolerant) break;
      throw malformed(`/Prev chain loops back to offset ${pointer}`);
    }
    if (sections.length >= MAX_SECTIONS) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'too many revisions');
    seen.add(pointer);
    const section = tolerant
      ? readSectionNear(bytes, pointer, limits, seen)
      : readSectionAt(bytes, pointer, limits, seen);
    sections.push(section);
    pointer = offsetEntry(section.trailer, 'Prev', bytes.length);
  }

  const groups: Section[][] = [];
  for (const s of sections) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    if (group && last && s.start > last.start) group.push(s);
    else groups.push([s]);
  }
  groups.reverse();
  return groups.map((group, index) => {
    const head = group[0]!;
    const entries = group.length === 1 ? head.entries : new Map<number, XrefEntry>();
    if (group.length > 1) {
      for (let i = group.length - 1; i >= 0; i--) for (const [k, v] of group[i]!.entries) entries.set(k, v);
    }
    let endOffset = 0;
    for (const s of group) endOffset = Math.max(endOffset, eofAfter(bytes, s.end));
    return {
      index,
      xrefOffset: head.pointer,
      sectionStart: head.start,
      endOffset,
      trailer: head.trailer,
      entries,
      kind: head.kind,
    };
  });
}

/** An optional offset-valued trailer key; present but invalid is malformed. */
function offsetEntry(trailer: PdfDict, key: string, fileLength: number): number | undefined {
  const v = trailer.get(key);
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= fileLength) {
    throw malformed(`trailer /${key} is not a valid offset`);
  }
  return v;
}

/** Damaged files often point a few bytes off their "xref" keyword; look around the pointer. */
function readSectionNear(bytes: Uint8Array, pointer: number, limits: XrefLimits, seen: Set<number>): Section {
  try {
    return readSectionAt(bytes, pointer, limits, seen);
  } catch (e) {
    if (!(e instanceof PdfError) || e.code !== 'ERR_PDF_MALFORMED') throw e;
    const from = Math.max(0, pointer - NEAR_WINDOW);
    const at = indexOfAscii(bytes, 'xref', from, Math.min(bytes.length, pointer + NEAR_WINDOW));
    if (at < 0 || at === pointer) throw e;
    return { ...readSectionAt(bytes, at, limits, seen), pointer };
  }
}

const NEAR_WINDOW = 64;

/** Offset just past the first "%%EOF" (and one EOL) at or after `from`; the file length when there is none. */
function eofAfter(bytes: Uint8Array, from: number): number {
  const at = indexOfAscii(bytes, '%%EOF', from);
  if (at < 0) return bytes.length;
  let p = at + 5;
  if (bytes[p] === 0x0d) p++;
  if (bytes[p] === 0x0a) p++;
  return p;
}

function readSectionAt(bytes: Uint8Array, pointer: number, limits: XrefLimits, seen: Set<number>): Section {
  const lx = new Lexer(bytes, pointer);
  lx.skipWhite();
  const start = lx.pos;
  if (lx.matchKeyword('xref')) {
    const table = readTable(lx, limits);
    const stmOffset = offsetEntry(table.trailer, 'XRefStm', bytes.length);
    if (stmOffset === undefined) return { pointer, start, ...table, kind: 'table' };
    if (seen.has(stmOffset)) throw malformed(`/XRefStm loops back to offset ${stmOffset}`);
    seen.add(stmOffset);
    // 7.5.8.4: the hybrid file's stream supplies what the table leaves free or unlisted.
    const stm = readXrefStream(bytes, stmOffset, limits);
    for (const [num, e] of stm.entries) {
      const t = table.entries.get(num);
      if (!t || t.type === 'free') table.entries.set(num, e);
    }
    return { pointer, start, ...table, kind: 'hybrid' };
  }
  const c = bytes[start];
  if (c === undefined || c < 0x30 || c > 0x39)
    throw malformed(`startxref/Prev offset ${pointer} is not an xref section`);
  return { pointer, start, ...readXrefStream(bytes, start, limits), kind: 'stream' };
}

/** 7.5.4 classic table, lexer positioned after "xref"; ends after the trailer dictionary. */
function readTable(
  lx: Lexer,
  limits: XrefLimits,
): { end: number; trailer: PdfDict; entries: Map<number, XrefEntry> } {
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    lx.skipWhite();
    if (lx.matchKeyword('trailer')) break;
    const at = lx.pos;
    let first = lx.readUnsigned();
    lx.skipWhite();
    const count = lx.readUnsigned();
    if (first < 0 || count < 0) throw malformed(`bad xref subsection header at offset ${at}`);
    if (first + count > limits.maxObjects) {
      throw new PdfError('ERR_PDF_TOO_COMPLEX', `xref declares more than ${limits.maxObjects} objects`);
    }
    for (let i = 0; i < count; i++) {
      lx.skipWhite();
      const entryAt = lx.pos;
      const field1 = lx.readUnsigned();
      lx.skipWhite();
      const gen = lx.readUnsigned();
      lx.skipWhite();
      const inUse = lx.matchKeyword('n');
      if (field1 < 0 || gen < 0 || (!inUse && !lx.matchKeyword('f'))) {
        throw malformed(`bad xref entry at offset ${entryAt}`);
      }
      // A common producer bug numbers the first subsection from 1 while listing object 0's free entry.
      if (i === 0 && first === 1 && !inUse && field1 === 0 && gen === 65535) first = 0;
      const num = first + i;
      if (entries.has(num)) continue;
      entries.set(num, inUse ? { type: 'offset', offset: field1, gen } : { type: 'free', gen });
    }
  }
  const trailer = parseValue(lx, { maxDepth: limits.maxDepth });
  if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary');
  return { end: lx.pos, trailer, entries };
}

const intOr = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : dflt);

/** 7.5.8 cross-reference stream at `offset`. */
function readXrefStream(
  bytes: Uint8Array,
  offset: number,
  limits: XrefLimits,
): { end: number; trailer: PdfDict; entries: Map<number, XrefEntry> } {
  const obj = parseIndirectObjectAt(bytes, offset, undefined, { maxDepth: limits.maxDepth });
  const stream = obj.object;
  if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'XRef') {
    throw malformed(`object at offset ${offset} is not a cross-reference stream`);
  }
  const dict = stream.dict;
  const size = intOr(dict.get('Size'), -1);
  if (size < 0) throw malformed('xref stream lacks a valid /Size');
  if (size > limits.maxObjects) {
    throw new PdfError('ERR_PDF_TOO_COMPLEX', `xref declares more than ${limits.maxObjects} objects`);
  }
  const wObj = dict.get('W');
  if (!Array.isArray(wObj) || wObj.length < 3)
    throw malformed('xref stream /W must be an array of 3 integers');
  const w = wObj.slice(0, 3).map((x) => intOr(x, -1));
  if (w.some((x) => x < 0 || x > 8)) throw malformed('xref stream /W values must be integers 0..8');
  const [w0, w1, w2] = w as [number, number, number];
  const rowLen = w0 + w1 + w2;
  const indexObj = dict.get('Index') ?? [0, size];
  if (!Array.isArray(indexObj) || indexObj.length % 2 !== 0)
    throw malformed('xref stream /Index must pair up');
  const ranges: number[] = indexObj.map((x) => intOr(x, -1));
  let total = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i]! < 0 || ranges[i + 1]! < 0)
      throw malformed('xref stream /Index values must be non-negative');
    total += ranges[i + 1]!;
    if (total > limits.maxObjects || ranges[i]! + ranges[i + 1]! > limits.maxObjects) {
      throw new PdfError('ERR_PDF_TOO_COMPLEX', `xref declares more than ${limits.maxObjects} objects`);
    }
  }
  if (rowLen === 0 && total > 0) throw malformed('xref stream /W is all zero');
  for (const k of ['Filter', 'DecodeParms']) {
    const v = dict.get(k);
    if (v !== undefined && !(v instanceof PdfName) && !(v instanceof PdfDict) && !Array.isArray(v)) {
      throw malformed(`xref stream /${k} must be direct`);
    }
  }
  const data = decodeStreamData(stream, { maxOutput: total * rowLen + 1024 });
  if (data.length < total * rowLen) throw malformed('xref stream data is shorter than /Index and /W declare');
  const entries = new Map<number, XrefEntry>();
  let p = 0;
  const field = (width: number): number => {
    let v = 0;
    for (let k = 0; k < width; k++) v = v * 256 + data[p++]!;
    return v;
  };
  for (let i = 0; i < ranges.length; i += 2) {
    const first = ranges[i]!;
    const count = ranges[i + 1]!;
    for (let j = 0; j < count; j++) {
      const type = w0 === 0 ? 1 : field(w0);
      const f1 = field(w1);
      const f2 = field(w2);
      const num = first + j;
      if (entries.has(num)) continue;
      // 7.5.8.3: other types are references to the null object, i.e. nothing defined.
      if (type === 0) entries.set(num, { type: 'free', gen: f2 });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f1, gen: f2 });
      else if (type === 2) entries.set(num, { type: 'compressed', objStm: f1, index: f2 });
    }
  }
  return { end: obj.end, trailer: dict, entries };
}
