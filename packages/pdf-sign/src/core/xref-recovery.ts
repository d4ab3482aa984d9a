// Rebuilding a lost cross-reference table by scanning the body for "N G obj" (what readers do for
// damaged files; only with ParseOptions.recover, never silently).

import { indexOfAscii } from './byte-search.ts';
import { decodeStreamData } from './filters.ts';
import { isDigit, isRegular, isWhite, Lexer } from './lexer.ts';
import { ObjectStream } from './object-stream.ts';
import { PdfDict, PdfRef, PdfStream } from './objects.ts';
import { parseIndirectObjectAt, parseValue } from './parser.ts';
import { malformed, PdfError } from './pdf-error.ts';
import type { Revision, XrefEntry, XrefLimits } from './xref.ts';

/** Every "N G obj" header in the file, in file order. */
export function scanObjectHeaders(
  bytes: Uint8Array,
  maxObjects: number,
): { num: number; gen: number; start: number }[] {
  const out: { num: number; gen: number; start: number }[] = [];
  for (let at = indexOfAscii(bytes, 'obj'); at >= 0; at = indexOfAscii(bytes, 'obj', at + 3)) {
    const after = bytes[at + 3];
    if (after !== undefined && isRegular(after)) continue;
    const found = numbersBefore(bytes, at);
    if (!found) continue;
    out.push(found);
    if (out.length > maxObjects) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'too many objects to recover');
  }
  return out;
}

/** A single revision rebuilt from the object headers found in the file (later definitions win). */
export function recoverRevision(bytes: Uint8Array, limits: XrefLimits): Revision {
  const entries = new Map<number, XrefEntry>();
  for (const h of scanObjectHeaders(bytes, limits.maxObjects)) {
    entries.set(h.num, { type: 'offset', offset: h.start, gen: h.gen });
  }

  let trailer: PdfDict | undefined;
  for (let at = indexOfAscii(bytes, 'trailer'); at >= 0; at = indexOfAscii(bytes, 'trailer', at + 7)) {
    try {
      const t = parseValue(new Lexer(bytes, at + 7), { maxDepth: limits.maxDepth });
      if (t instanceof PdfDict && t.get('Root') instanceof PdfRef) trailer = t;
    } catch {
      /* a damaged trailer is skipped; a later one may do */
    }
  }

  let catalog: PdfRef | undefined;
  const compressed = new Map<number, XrefEntry>();
  for (const [num, e] of entries) {
    if (e.type !== 'offset') continue;
    try {
      const { object } = parseIndirectObjectAt(bytes, e.offset, undefined, { maxDepth: limits.maxDepth });
      const dict = object instanceof PdfStream ? object.dict : object instanceof PdfDict ? object : undefined;
      const type = dict?.name('Type');
      if (type === 'Catalog') catalog = new PdfRef(num, e.gen);
      else if (type === 'XRef' && dict?.get('Root') instanceof PdfRef && !trailer) trailer = dict;
      else if (type === 'ObjStm' && object instanceof PdfStream) {
        const os = ObjectStream.read(object.dict, decodeStreamData(object), limits);
        os.nums.forEach((n, index) => {
          compressed.set(n, { type: 'compressed', objStm: num, index });
        });
      }
    } catch {
      /* damaged objects stay listed; reading them later reports the damage */
    }
  }
  for (const [n, e] of compressed) if (!entries.has(n)) entries.set(n, e);
  entries.set(0, { type: 'free', gen: 65535 });

  const root = trailer?.get('Root') ?? catalog;
  if (!(root instanceof PdfRef)) throw malformed('no document catalog found while recovering');
  const rebuilt = new PdfDict([['Root', root]]);
  for (const k of ['Info', 'ID', 'Encrypt']) {
    const v = trailer?.get(k);
    if (v !== undefined) rebuilt.set(k, v);
  }
  let size = 1;
  for (const n of entries.keys()) size = Math.max(size, n + 1);
  rebuilt.set('Size', size);
  return {
    index: 0,
    xrefOffset: 0,
    sectionStart: 0,
    endOffset: bytes.length,
    trailer: rebuilt,
    entries,
    kind: 'table',
  };
}

/** "N G " right before `objAt`, with N starting a token. */
function numbersBefore(
  bytes: Uint8Array,
  objAt: number,
): { num: number; gen: number; start: number } | undefined {
  let p = objAt - 1;
  if (p < 0 || !isWhite(bytes[p]!)) return undefined;
  while (p >= 0 && isWhite(bytes[p]!)) p--;
  const genEnd = p + 1;
  while (p >= 0 && isDigit(bytes[p]!)) p--;
  const genStart = p + 1;
  if (genStart === genEnd || p < 0 || !isWhite(bytes[p]!)) return undefined;
  while (p >= 0 && isWhite(bytes[p]!)) p--;
  const numEnd = p + 1;
  while (p >= 0 && isDigit(bytes[p]!)) p--;
  const numStart = p + 1;
  if (numStart === numEnd || numEnd - numStart > 10 || genEnd - genStart > 5) return undefined;
  if (p >= 0 && isRegular(bytes[p]!)) return undefined;
  const lx = new Lexer(bytes, numStart);
  const num = lx.readUnsigned();
  lx.skipWhite();
  const gen = lx.readUnsigned();
  if (num < 0 || gen < 0) return undefined;
  return { num, gen, start: numStart };
}
