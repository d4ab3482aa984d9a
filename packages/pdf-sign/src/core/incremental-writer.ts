// Incremental update (ISO 32000-2 7.5.6): the original bytes stay untouched; new and changed objects,
// a cross-reference section and a trailer are appended.

import { randomBytes } from 'node:crypto';
import { ByteWriter } from './byte-writer.ts';
import type { PdfDocument } from './document.ts';
import { PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from './objects.ts';
import { PdfError } from './pdf-error.ts';
import { writeObject } from './serialize.ts';
import { findStartxref } from './xref.ts';

const MAX_SET_DEPTH = 256;

export class IncrementalWriter {
  private readonly doc: PdfDocument;
  private next: number;
  /** Objects to write, in the order they were first set. */
  private readonly pending = new Map<number, { ref: PdfRef; obj: PdfObject }>();

  constructor(doc: PdfDocument) {
    if (doc.recovered) {
      throw new PdfError(
        'ERR_PDF_UNSUPPORTED',
        'cannot append an update to a file whose xref had to be rebuilt',
      );
    }
    // Appending to an older revision's view would chain /Prev past the newer revisions still in the bytes.
    if (findStartxref(doc.bytes) !== doc.revisions[doc.revisions.length - 1]!.xrefOffset) {
      throw new PdfError('ERR_PDF_UNSUPPORTED', 'updates can only be appended to the newest revision');
    }
    this.doc = doc;
    this.next = doc.nextObjectNumber;
  }

  /** A fresh object number for a new object. */
  allocate(): PdfRef {
    return new PdfRef(this.next++, 0);
  }

  /**
   * Sets the new content of an object. Streams nested inside `obj` become indirect objects of their own
   * (7.3.8: streams are always indirect) and are replaced by references.
   */
  set(ref: PdfRef, obj: PdfObject): void {
    const hoisted = new Map<PdfStream, PdfRef>();
    let top: PdfObject;
    if (obj instanceof PdfStream) {
      // The stream itself stays here; streams in its dictionary (a form's image, an image's /SMask) move out.
      const dict = this.hoist(obj.dict, hoisted, 1) as PdfDict;
      top = dict === obj.dict ? obj : new PdfStream(dict, obj.data);
    } else top = this.hoist(obj, hoisted, 0);
    this.pending.set(ref.num, { ref, obj: top });
    if (ref.num >= this.next) this.next = ref.num + 1;
  }

  add(obj: PdfObject): PdfRef {
    const ref = this.allocate();
    this.set(ref, obj);
    return ref;
  }

  /** Returns copies of containers that held streams; untouched values are returned as they are. */
  private hoist(obj: PdfObject, seen: Map<PdfStream, PdfRef>, depth: number): PdfObject {
    if (depth > MAX_SET_DEPTH) throw new PdfError('ERR_PDF_TOO_COMPLEX', 'object nested too deeply to write');
    if (obj instanceof PdfStream) {
      let ref = seen.get(obj);
      if (!ref) {
        ref = this.allocate();
        seen.set(obj, ref);
        this.set(ref, obj);
      }
      return ref;
    }
    if (Array.isArray(obj)) {
      let out: PdfObject[] | undefined;
      for (let i = 0; i < obj.length; i++) {
        const v = this.hoist(obj[i]!, seen, depth + 1);
        if (v !== obj[i] && !out) out = obj.slice(0, i);
        out?.push(v);
      }
      return out ?? obj;
    }
    if (obj instanceof PdfDict) {
      let out: PdfDict | undefined;
      for (const [k, v] of obj.map) {
        const h = this.hoist(v, seen, depth + 1);
        if (h !== v && !out) out = new PdfDict(obj.map);
        out?.set(k, h);
      }
      return out ?? obj;
    }
    return obj;
  }

  /**
   * The original bytes followed by the update. `objectOffsets` gives each written object's [start, end)
   * in the result, so a caller can patch placeholders (e.g. /ByteRange, /Contents) in place.
   */
  finish(options?: { trailerExtras?: Record<string, PdfObject> }): {
    bytes: Uint8Array;
    objectOffsets: ReadonlyMap<number, { start: number; end: number }>;
  } {
    const doc = this.doc;
    const base = doc.bytes;
    const last = doc.revisions[doc.revisions.length - 1]!;
    const useStream = last.kind === 'stream';
    const w = new ByteWriter(4096);
    const lastByte = base[base.length - 1];
    if (lastByte !== 0x0a && lastByte !== 0x0d) w.byte(0x0a);

    const offsets = new Map<number, { start: number; end: number }>();
    const gens = new Map<number, number>();
    for (const { ref, obj } of this.pending.values()) {
      const start = base.length + w.length;
      w.ascii(`${ref.num} ${ref.gen} obj\n`);
      writeObject(w, obj);
      w.ascii('\nendobj\n');
      offsets.set(ref.num, { start, end: base.length + w.length });
      gens.set(ref.num, ref.gen);
    }

    const trailer = new PdfDict();
    const xrefNum = useStream ? this.allocate().num : undefined;
    trailer.set('Size', Math.max(this.next, doc.nextObjectNumber));
    trailer.set('Root', doc.trailer.get('Root')!);
    const info = doc.trailer.get('Info');
    if (info !== undefined) trailer.set('Info', info);
    trailer.set('ID', fileId(doc.trailer.get('ID')));
    trailer.set('Prev', last.xrefOffset);
    for (const [k, v] of Object.entries(options?.trailerExtras ?? {})) trailer.set(k, v);

    const xrefStart = base.length + w.length;
    if (xrefNum === undefined) {
      writeTable(w, offsets, gens);
      w.ascii('trailer\n');
      writeObject(w, trailer);
      w.byte(0x0a);
    } else {
      offsets.set(xrefNum, { start: xrefStart, end: xrefStart });
      gens.set(xrefNum, 0);
      writeXrefStream(w, xrefNum, trailer, offsets, gens);
      offsets.delete(xrefNum);
    }
    w.ascii(`startxref\n${xrefStart}\n%%EOF\n`);

    const update = w.view();
    const out = new Uint8Array(base.length + update.length);
    out.set(base, 0);
    out.set(update, base.length);
    return { bytes: out, objectOffsets: offsets };
  }
}

/** 14.4: the first identifier is permanent; the second changes with every update. */
function fileId(existing: PdfObject | undefined): PdfObject[] {
  const fresh = new PdfString(new Uint8Array(randomBytes(16)), true);
  const first = Array.isArray(existing) && existing[0] instanceof PdfString ? existing[0] : fresh;
  return [new PdfString(first.bytes, true), fresh];
}

/** Runs of consecutive object numbers, for xref subsections. */
function runs(nums: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of nums) {
    const r = out[out.length - 1];
    if (r && r[0] + r[1] === n) r[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/** 7.5.4: fixed 20-byte entries "oooooooooo ggggg n\r\n". */
function writeTable(w: ByteWriter, offsets: Map<number, { start: number }>, gens: Map<number, number>): void {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  w.ascii('xref\n');
  for (const [first, count] of runs(nums)) {
    w.ascii(`${first} ${count}\n`);
    for (let n = first; n < first + count; n++) {
      const off = String(offsets.get(n)!.start).padStart(10, '0');
      const gen = String(gens.get(n)!).padStart(5, '0');
      w.ascii(`${off} ${gen} n\r\n`);
    }
  }
}

/** 7.5.8: an uncompressed xref stream with W [1 n 2], listing itself too. */
function writeXrefStream(
  w: ByteWriter,
  xrefNum: number,
  trailer: PdfDict,
  offsets: Map<number, { start: number }>,
  gens: Map<number, number>,
): void {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let maxOffset = 0;
  for (const o of offsets.values()) maxOffset = Math.max(maxOffset, o.start);
  let ow = 1;
  while (maxOffset >= 256 ** ow) ow++;
  const rowLen = 1 + ow + 2;
  const data = new Uint8Array(nums.length * rowLen);
  let p = 0;
  for (const n of nums) {
    data[p++] = 1;
    const off = offsets.get(n)!.start;
    for (let k = ow - 1; k >= 0; k--) data[p++] = Math.floor(off / 256 ** k) % 256;
    const gen = gens.get(n)!;
    data[p++] = (gen >> 8) & 0xff;
    data[p++] = gen & 0xff;
  }
  const dict = new PdfDict([
    ['Type', PdfName.of('XRef')],
    ...trailer.map,
    ['W', [1, ow, 2]],
    ['Index', runs(nums).flat()],
  ]);
  w.ascii(`${xrefNum} 0 obj\n`);
  writeObject(w, new PdfStream(dict, data));
  w.ascii('\nendobj\n');
}
