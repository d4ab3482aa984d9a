// A parsed PDF file and views of it as of each revision (ISO 32000-2 7.5.6 incremental updates).

import { errorMessage } from '@openseal/common';
import { indexOfAscii } from './byte-search.ts';
import { DEFAULT_MAX_DECODED, decodeStreamData } from './filters.ts';
import { ObjectStream } from './object-stream.ts';
import { PdfDict, type PdfObject, PdfRef, PdfStream } from './objects.ts';
import { type PageInfo, walkPageTree } from './page-tree.ts';
import { DEFAULT_MAX_DEPTH, type IndirectObject, parseIndirectObjectAt } from './parser.ts';
import { malformed, PdfError } from './pdf-error.ts';
import { findStartxref, type Revision, readRevisions, type XrefEntry } from './xref.ts';
import { recoverRevision, scanObjectHeaders } from './xref-recovery.ts';

export type { PageInfo } from './page-tree.ts';

export interface ParseOptions {
  /** Larger files are refused before parsing (default 512 MiB) → ERR_PDF_TOO_LARGE. */
  readonly maxBytes?: number;
  /** Largest object count any xref section may declare (default 2,000,000) → ERR_PDF_TOO_COMPLEX. */
  readonly maxObjects?: number;
  /** Nesting of arrays and dictionaries (default 256) → ERR_PDF_TOO_COMPLEX. */
  readonly maxDepth?: number;
  /** Largest decoded stream (default 64 MiB) → ERR_PDF_TOO_LARGE. */
  readonly maxDecodedStream?: number;
  /**
   * Tolerate damage (default false): xref pointers a few bytes off, /Prev loops, xref offsets that miss
   * their object (the object is then found by scanning for "N G obj" before the revision's end), and as a
   * last resort a single revision rebuilt from a scan. The document is then marked `recovered`.
   */
  readonly recover?: boolean;
}

const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_OBJECTS = 2_000_000;
const MAX_REF_CHAIN = 64;
/** Trailer keys (7.5.5) that carry document state; the rest (Prev, XRefStm, stream keys) are per section. */
const DOCUMENT_TRAILER_KEYS = ['Root', 'Info', 'ID', 'Encrypt', 'Size'];

/** What all views of one file share: the bytes, limits and the caches of parsed objects. */
interface Store {
  readonly bytes: Uint8Array;
  readonly maxObjects: number;
  readonly maxDepth: number;
  readonly maxDecoded: number;
  /** Parsed indirect objects by file offset; their parse does not depend on the view. */
  readonly objects: Map<number, IndirectObject>;
  readonly objectStreams: WeakMap<PdfStream, ObjectStream>;
  /** Set in recover mode: xref offsets that miss are corrected by a scan of the object headers. */
  readonly tolerant: boolean;
  scan?: Map<number, { gen: number; start: number }[]>;
  /** Recover mode had to repair something (set during parse or later, when an object is relocated). */
  repaired: boolean;
  readonly views: (PdfDocument | undefined)[];
}

export class PdfDocument {
  readonly bytes: Uint8Array;
  /** Oldest first. */
  readonly revisions: readonly Revision[];
  /** Merged trailer: /Root, /Info, /ID, /Size as in effect in this view. */
  readonly trailer: PdfDict;
  readonly headerVersion: string;

  private readonly store: Store;
  private readonly xref: ReadonlyMap<number, XrefEntry>;
  /** Streams whose /Length is indirect: their parse depends on this view's xref. */
  private readonly localObjects = new Map<number, IndirectObject>();
  private readonly loading = new Set<number>();
  private pageCache: readonly PageInfo[] | undefined;
  private nextNum: number | undefined;

  private constructor(store: Store, revisions: readonly Revision[], headerVersion: string) {
    this.store = store;
    this.bytes = store.bytes;
    this.revisions = revisions;
    this.headerVersion = headerVersion;
    this.xref = mergeEntries(revisions);
    this.trailer = mergeTrailers(revisions);
  }

  /** Parses the header and every revision; objects are parsed lazily on first access and cached. */
  static parse(bytes: Uint8Array, options?: ParseOptions): PdfDocument {
    return guard(() => {
      if (!(bytes instanceof Uint8Array)) throw malformed('input is not a byte array');
      const maxBytes = options?.maxBytes ?? DEFAULT_MAX_BYTES;
      if (bytes.length > maxBytes) {
        throw new PdfError(
          'ERR_PDF_TOO_LARGE',
          `file is ${bytes.length} bytes, more than the ${maxBytes} allowed`,
        );
      }
      const headerVersion = readHeader(bytes);
      const store: Store = {
        bytes,
        maxObjects: options?.maxObjects ?? DEFAULT_MAX_OBJECTS,
        maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
        maxDecoded: options?.maxDecodedStream ?? DEFAULT_MAX_DECODED,
        objects: new Map(),
        objectStreams: new WeakMap(),
        tolerant: options?.recover ?? false,
        repaired: false,
        views: [],
      };
      let revisions: Revision[];
      let recovered = false;
      try {
        revisions = readRevisions(bytes, findStartxref(bytes), store);
        if (!(revisions[revisions.length - 1]!.trailer.get('Root') instanceof PdfRef)) {
          throw malformed('trailer has no /Root reference');
        }
      } catch (e) {
        if (!options?.recover || (e instanceof PdfError && e.code !== 'ERR_PDF_MALFORMED')) throw e;
        recovered = true;
        try {
          revisions = readRevisions(bytes, findStartxref(bytes), store, true);
          if (!(revisions[revisions.length - 1]!.trailer.get('Root') instanceof PdfRef)) throw e;
        } catch {
          revisions = [recoverRevision(bytes, store)];
        }
      }
      if (revisions.some((r) => r.trailer.has('Encrypt'))) {
        throw new PdfError('ERR_PDF_ENCRYPTED', 'the document is encrypted (trailer /Encrypt)');
      }
      store.repaired = recovered;
      const doc = new PdfDocument(store, revisions, headerVersion);
      if (!(doc.trailer.get('Root') instanceof PdfRef)) throw malformed('trailer has no /Root reference');
      store.views[revisions.length - 1] = doc;
      return doc;
    });
  }

  /**
   * Recover mode had to repair the file: a rebuilt or re-found xref section, or an object found elsewhere
   * than its xref offset says. Becomes true as such objects are read; never true without `recover`.
   */
  get recovered(): boolean {
    return this.store.repaired;
  }

  /** The document as it was after revision `index` (xref of revisions 0..index merged). */
  atRevision(index: number): PdfDocument {
    const all = this.store.views.length;
    const newest = this.store.views[all - 1]!;
    if (!Number.isInteger(index) || index < 0 || index >= newest.revisions.length) {
      throw new RangeError(`no revision ${index}`);
    }
    let view = this.store.views[index];
    if (!view) {
      view = new PdfDocument(this.store, newest.revisions.slice(0, index + 1), this.headerVersion);
      this.store.views[index] = view;
    }
    return view;
  }

  /** Object lookup in this view; undefined for free or missing objects. */
  getObject(ref: PdfRef | number): PdfObject | undefined {
    return guard(() => this.load(ref));
  }

  /** Follows references (chains too, loop-safe) until a direct object. */
  resolve(obj: PdfObject | undefined): PdfObject | undefined {
    let o = obj;
    for (let i = 0; o instanceof PdfRef; i++) {
      if (i >= MAX_REF_CHAIN) throw malformed(`reference chain from ${obj} loops or is too long`);
      o = this.getObject(o);
    }
    return o;
  }

  /** The dictionary (or stream dictionary) `obj` resolves to, else undefined. */
  resolveDict(obj: PdfObject | undefined): PdfDict | undefined {
    const o = this.resolve(obj);
    return o instanceof PdfDict ? o : o instanceof PdfStream ? o.dict : undefined;
  }

  /** Where object `num` is stored in this view (free entries included). */
  locate(num: number): XrefEntry | undefined {
    return this.xref.get(num);
  }

  /** Object numbers in use in this view, ascending. */
  objectNumbers(): number[] {
    const out: number[] = [];
    for (const [num, e] of this.xref) if (e.type !== 'free' && num > 0) out.push(num);
    return out.sort((a, b) => a - b);
  }

  /** Which revision last (re)defined object `num` (or freed it) in this view. */
  revisionOf(num: number): number | undefined {
    for (let i = this.revisions.length - 1; i >= 0; i--) if (this.revisions[i]!.entries.has(num)) return i;
    return undefined;
  }

  /** The document catalog (7.7.2); /Type may be missing, but any other /Type is refused. */
  catalog(): PdfDict {
    const cat = this.getObject(this.catalogRef());
    if (!(cat instanceof PdfDict)) throw malformed('/Root is not a dictionary');
    const type = cat.get('Type');
    if (type !== undefined && cat.name('Type') !== 'Catalog') throw malformed('/Root is not a /Catalog');
    return cat;
  }

  catalogRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw malformed('trailer has no /Root reference');
    return root;
  }

  pages(): readonly PageInfo[] {
    this.pageCache ??= guard(() => walkPageTree(this, this.catalog().get('Pages')));
    return this.pageCache;
  }

  /** Decoded data of a stream of this document (indirect /Filter and /DecodeParms resolved). */
  decodeStream(stream: PdfStream): Uint8Array {
    return guard(() => {
      let s = stream;
      const f = stream.dict.get('Filter');
      const p = stream.dict.get('DecodeParms');
      if (
        f instanceof PdfRef ||
        p instanceof PdfRef ||
        (Array.isArray(p) && p.some((x) => x instanceof PdfRef))
      ) {
        const dict = new PdfDict(stream.dict.map);
        if (f !== undefined) dict.set('Filter', this.resolve(f) ?? null);
        const parms = this.resolve(p);
        if (parms !== undefined)
          dict.set('DecodeParms', Array.isArray(parms) ? parms.map((x) => this.resolve(x) ?? null) : parms);
        s = new PdfStream(dict, stream.data, stream.span);
      }
      return decodeStreamData(s, { maxOutput: this.store.maxDecoded });
    });
  }

  /** max(/Size, highest object number in use + 1) over the revisions of this view. */
  get nextObjectNumber(): number {
    if (this.nextNum === undefined) {
      let n = 1;
      for (const r of this.revisions) {
        const size = r.trailer.get('Size');
        if (typeof size === 'number' && Number.isInteger(size)) n = Math.max(n, size);
        for (const num of r.entries.keys()) n = Math.max(n, num + 1);
      }
      this.nextNum = n;
    }
    return this.nextNum;
  }

  private load(ref: PdfRef | number): PdfObject | undefined {
    const num = typeof ref === 'number' ? ref : ref.num;
    const entry = this.xref.get(num);
    if (!entry || entry.type === 'free') return undefined;
    if (entry.type === 'offset') {
      if (ref instanceof PdfRef && ref.gen !== entry.gen) return undefined;
      return this.loadAt(num, entry.offset, entry.gen);
    }
    if (ref instanceof PdfRef && ref.gen !== 0) return undefined;
    return this.loadCompressed(num, entry.objStm, entry.index);
  }

  private loadAt(num: number, offset: number, gen: number): PdfObject {
    try {
      return this.parseAt(num, gen, offset);
    } catch (e) {
      // Recover mode: an xref offset that misses its object is corrected by scanning (damaged files).
      if (!this.store.tolerant || !(e instanceof PdfError) || e.code !== 'ERR_PDF_MALFORMED') throw e;
      const at = this.scannedOffset(num, gen);
      if (at === undefined || at === offset) throw e;
      this.store.repaired = true;
      return this.parseAt(num, gen, at);
    }
  }

  /** Object `num gen` at `offset`, cached by offset; the header found there must match. */
  private parseAt(num: number, gen: number, offset: number): PdfObject {
    const cached = this.store.objects.get(offset) ?? this.localObjects.get(offset);
    if (cached) return checkIdentity(cached, num, gen, offset).object;
    if (offset >= this.bytes.length)
      throw malformed(`object ${num} has an offset beyond the end of the file`);
    if (this.loading.has(num)) throw malformed(`object ${num} depends on itself`);
    this.loading.add(num);
    try {
      let indirectLength = false;
      const parsed = parseIndirectObjectAt(
        this.bytes,
        offset,
        (lengthRef) => {
          indirectLength = true;
          // A /Length that cannot be read (missing, looping) is a wrong length: the parser then searches.
          try {
            const v = this.load(lengthRef);
            return typeof v === 'number' ? v : undefined;
          } catch (e) {
            if (e instanceof PdfError && e.code === 'ERR_PDF_MALFORMED') return undefined;
            throw e;
          }
        },
        { maxDepth: this.store.maxDepth },
      );
      (indirectLength ? this.localObjects : this.store.objects).set(offset, parsed);
      return checkIdentity(parsed, num, gen, offset).object;
    } finally {
      this.loading.delete(num);
    }
  }

  /** Recover mode: the last "num gen obj" header before this view's end of file. */
  private scannedOffset(num: number, gen: number): number | undefined {
    if (!this.store.scan) {
      const scan = new Map<number, { gen: number; start: number }[]>();
      for (const h of scanObjectHeaders(this.bytes, this.store.maxObjects)) {
        const list = scan.get(h.num);
        if (list) list.push(h);
        else scan.set(h.num, [h]);
      }
      this.store.scan = scan;
    }
    const end = this.revisions[this.revisions.length - 1]!.endOffset;
    let best: number | undefined;
    for (const h of this.store.scan.get(num) ?? []) if (h.gen === gen && h.start < end) best = h.start;
    return best;
  }

  private loadCompressed(num: number, stmNum: number, index: number): PdfObject {
    const stmEntry = this.xref.get(stmNum);
    // 7.5.7: object streams are never themselves stored in object streams.
    if (stmEntry?.type !== 'offset') throw malformed(`object stream ${stmNum} of object ${num} is missing`);
    if (this.loading.has(num)) throw malformed(`object ${num} depends on itself`);
    this.loading.add(num);
    try {
      const stm = this.loadAt(stmNum, stmEntry.offset, stmEntry.gen);
      if (!(stm instanceof PdfStream) || stm.dict.name('Type') !== 'ObjStm') {
        throw malformed(`object ${stmNum} is not an object stream`);
      }
      let os = this.store.objectStreams.get(stm);
      if (!os) {
        os = ObjectStream.read(stm.dict, this.decodeStream(stm), this.store);
        this.store.objectStreams.set(stm, os);
      }
      return os.get(num, index);
    } finally {
      this.loading.delete(num);
    }
  }
}

function checkIdentity(o: IndirectObject, num: number, gen: number, offset: number): IndirectObject {
  if (o.num !== num || o.gen !== gen) {
    throw malformed(`xref says object ${num} ${gen} is at offset ${offset}, found ${o.num} ${o.gen}`);
  }
  return o;
}

/** "%PDF-x.y" within the first 1024 bytes (7.5.2; readers accept leading garbage). */
function readHeader(bytes: Uint8Array): string {
  const at = indexOfAscii(bytes, '%PDF-', 0, 1024);
  if (at < 0) throw malformed('not a PDF file: no %PDF- header');
  let v = '';
  for (let p = at + 5; p < bytes.length && p < at + 12; p++) {
    const c = bytes[p]!;
    if ((c < 0x30 || c > 0x39) && c !== 0x2e) break;
    v += String.fromCharCode(c);
  }
  if (!/^\d\.\d+$/.test(v)) throw malformed('not a PDF file: bad version in header');
  return v;
}

function mergeEntries(revisions: readonly Revision[]): ReadonlyMap<number, XrefEntry> {
  if (revisions.length === 1) return revisions[0]!.entries;
  const m = new Map<number, XrefEntry>();
  for (const r of revisions) for (const [k, v] of r.entries) m.set(k, v);
  return m;
}

function mergeTrailers(revisions: readonly Revision[]): PdfDict {
  const out = new PdfDict();
  for (let i = revisions.length - 1; i >= 0; i--) {
    const t = revisions[i]!.trailer;
    for (const k of DOCUMENT_TRAILER_KEYS) {
      const v = t.get(k);
      if (v !== undefined && !out.has(k)) out.set(k, v);
    }
  }
  return out;
}

/** Public entry points fail closed: anything but a PdfError (a bug or an engine limit) becomes one. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PdfError) throw e;
    if (e instanceof RangeError)
      throw new PdfError('ERR_PDF_TOO_COMPLEX', `structure too complex: ${e.message}`);
    throw malformed(`unreadable structure: ${errorMessage(e)}`);
  }
}
