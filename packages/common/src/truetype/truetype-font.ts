import { ARG_WORDS, HAVE_2X2, HAVE_SCALE, HAVE_XY_SCALE, MORE_COMPONENTS } from './glyf-flags.ts';
import { type GlyphOutline, glyphOutline } from './glyph-outline.ts';
import { TrueTypeFormatError } from './truetype-error.ts';

// A read-only view of a TrueType-outline font (OpenType 1.9: head, hhea, maxp, hmtx, loca, glyf,
// cmap 4/12, OS/2, name), parsed once per process. It hands out what subsetting, layout and seal
// drawing need: code point → glyph id, advance widths, each glyph's raw glyf bytes (zero-copy views)
// and its outline as PDF path operators.

/** One glyph's outline bytes and, for composite glyphs, where its component glyph ids sit. */
export interface GlyphRecord {
  readonly data: Uint8Array;
  /** Byte offsets (within `data`) of the uint16 component glyph ids. */
  readonly componentOffsets: readonly number[];
  readonly components: readonly number[];
}

export class TrueTypeFont {
  readonly unitsPerEm: number;
  /** Ideographic em box top and bottom (OS/2 sTypoAscender/Descender), font units. */
  readonly ascender: number;
  readonly descender: number;
  readonly capHeight: number;
  readonly bbox: readonly [number, number, number, number];
  readonly postScriptName: string;
  readonly numGlyphs: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  private readonly longLoca: boolean;
  private readonly numHMetrics: number;
  /** Located on first lookup: font programs inside PDFs (like our subsets) may have no cmap. */
  private cmap: { format: 4 | 12; offset: number } | undefined;
  private readonly gidCache = new Map<number, number>();
  private readonly glyphCache = new Map<number, GlyphRecord>();

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const v = this.view;
    if (v.byteLength < 12 || v.getUint32(0) !== 0x00010000) {
      throw new TrueTypeFormatError('not a TrueType-outline font (sfnt version must be 0x00010000)');
    }
    const numTables = v.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + 16 * i;
      const tag = String.fromCharCode(bytes[rec]!, bytes[rec + 1]!, bytes[rec + 2]!, bytes[rec + 3]!);
      const offset = v.getUint32(rec + 8);
      const length = v.getUint32(rec + 12);
      if (offset + length > v.byteLength) throw new TrueTypeFormatError(`table ${tag} overruns the file`);
      this.tables.set(tag, { offset, length });
    }
    const head = this.table('head');
    this.unitsPerEm = v.getUint16(head + 18);
    this.bbox = [v.getInt16(head + 36), v.getInt16(head + 38), v.getInt16(head + 40), v.getInt16(head + 42)];
    this.longLoca = v.getInt16(head + 50) === 1;
    this.numGlyphs = v.getUint16(this.table('maxp') + 4);
    const hhea = this.table('hhea');
    this.numHMetrics = v.getUint16(hhea + 34);
    const os2 = this.tables.get('OS/2');
    this.ascender = os2 ? v.getInt16(os2.offset + 68) : v.getInt16(hhea + 4);
    this.descender = os2 ? v.getInt16(os2.offset + 70) : v.getInt16(hhea + 6);
    this.capHeight = os2 && v.getUint16(os2.offset) >= 2 ? v.getInt16(os2.offset + 88) : this.ascender;
    this.postScriptName = this.readPostScriptName();
    this.table('loca');
    this.table('glyf');
  }

  /** The glyph for a Unicode code point, or 0 (.notdef) when the font lacks it. */
  glyphIdFor(codePoint: number): number {
    let gid = this.gidCache.get(codePoint);
    if (gid === undefined) {
      this.cmap ??= this.pickCmap();
      gid =
        this.cmap.format === 12
          ? this.lookup12(this.cmap.offset, codePoint)
          : this.lookup4(this.cmap.offset, codePoint);
      this.gidCache.set(codePoint, gid);
    }
    return gid;
  }

  advanceWidth(glyphId: number): number {
    const i = glyphId < this.numHMetrics ? glyphId : this.numHMetrics - 1;
    return this.view.getUint16(this.table('hmtx') + 4 * i);
  }

  leftSideBearing(glyphId: number): number {
    const hmtx = this.table('hmtx');
    return glyphId < this.numHMetrics
      ? this.view.getInt16(hmtx + 4 * glyphId + 2)
      : this.view.getInt16(hmtx + 4 * this.numHMetrics + 2 * (glyphId - this.numHMetrics));
  }

  /** A table's bytes (a view into the font file), or undefined when absent. */
  tableBytes(tag: string): Uint8Array | undefined {
    const t = this.tables.get(tag);
    return t ? this.bytes.subarray(t.offset, t.offset + t.length) : undefined;
  }

  glyph(glyphId: number): GlyphRecord {
    let rec = this.glyphCache.get(glyphId);
    if (!rec) {
      rec = this.readGlyph(glyphId);
      this.glyphCache.set(glyphId, rec);
    }
    return rec;
  }

  /** The glyph's outline as PDF path operators, composite glyphs resolved (not cached: callers keep what they draw). */
  outline(glyphId: number): GlyphOutline {
    return glyphOutline(this, glyphId);
  }

  /** The glyph's glyf bytes (a view into the font file), read afresh: outlines need no record. */
  glyphData(glyphId: number): Uint8Array {
    if (glyphId < 0 || glyphId >= this.numGlyphs)
      throw new TrueTypeFormatError(`glyph ${glyphId} out of range`);
    const v = this.view;
    const loca = this.table('loca');
    const start = this.longLoca ? v.getUint32(loca + 4 * glyphId) : 2 * v.getUint16(loca + 2 * glyphId);
    const end = this.longLoca ? v.getUint32(loca + 4 * glyphId + 4) : 2 * v.getUint16(loca + 2 * glyphId + 2);
    const glyf = this.tables.get('glyf')!;
    if (end < start || end > glyf.length) throw new TrueTypeFormatError(`glyph ${glyphId}: bad loca entry`);
    return this.bytes.subarray(glyf.offset + start, glyf.offset + end);
  }

  private readGlyph(glyphId: number): GlyphRecord {
    const data = this.glyphData(glyphId);
    const componentOffsets: number[] = [];
    const components: number[] = [];
    // numberOfContours (int16) below zero: a composite glyph.
    if (data.length >= 10 && (data[0]! & 0x80) !== 0) {
      let p = 10;
      for (;;) {
        const flags = (data[p]! << 8) | data[p + 1]!;
        componentOffsets.push(p + 2);
        components.push((data[p + 2]! << 8) | data[p + 3]!);
        p += 4 + (flags & ARG_WORDS ? 4 : 2);
        if (flags & HAVE_SCALE) p += 2;
        else if (flags & HAVE_XY_SCALE) p += 4;
        else if (flags & HAVE_2X2) p += 8;
        if (!(flags & MORE_COMPONENTS)) break;
        if (p + 4 > data.length) throw new TrueTypeFormatError(`glyph ${glyphId}: truncated composite`);
      }
    }
    return { data, componentOffsets, components };
  }

  private table(tag: string): number {
    const t = this.tables.get(tag);
    if (!t) throw new TrueTypeFormatError(`missing required table '${tag}'`);
    return t.offset;
  }

  private readPostScriptName(): string {
    const name = this.tables.get('name');
    if (!name) return 'TrueTypeFont';
    const v = this.view;
    const count = v.getUint16(name.offset + 2);
    const strings = name.offset + v.getUint16(name.offset + 4);
    for (let i = 0; i < count; i++) {
      const rec = name.offset + 6 + 12 * i;
      if (v.getUint16(rec) !== 3 || v.getUint16(rec + 6) !== 6) continue;
      const length = v.getUint16(rec + 8);
      const at = strings + v.getUint16(rec + 10);
      let s = '';
      for (let k = 0; k < length; k += 2) s += String.fromCharCode(v.getUint16(at + k));
      return s;
    }
    return 'TrueTypeFont';
  }

  private pickCmap(): { format: 4 | 12; offset: number } {
    const v = this.view;
    const cmap = this.table('cmap');
    const n = v.getUint16(cmap + 2);
    let fmt4: number | undefined;
    for (let i = 0; i < n; i++) {
      const platform = v.getUint16(cmap + 4 + 8 * i);
      const encoding = v.getUint16(cmap + 6 + 8 * i);
      const offset = cmap + v.getUint32(cmap + 8 + 8 * i);
      const format = v.getUint16(offset);
      // Full-repertoire Unicode subtables: (3,10) or (0,*) format 12; BMP: (3,1) or (0,*) format 4.
      if (format === 12 && ((platform === 3 && encoding === 10) || platform === 0))
        return { format: 12, offset };
      if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) fmt4 ??= offset;
    }
    if (fmt4 === undefined) throw new TrueTypeFormatError('no Unicode cmap subtable (format 4 or 12)');
    return { format: 4, offset: fmt4 };
  }

  private lookup12(base: number, cp: number): number {
    const v = this.view;
    let lo = 0;
    let hi = v.getUint32(base + 12) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const g = base + 16 + 12 * mid;
      const start = v.getUint32(g);
      if (cp < start) hi = mid - 1;
      else if (cp > v.getUint32(g + 4)) lo = mid + 1;
      else return v.getUint32(g + 8) + (cp - start);
    }
    return 0;
  }

  private lookup4(base: number, cp: number): number {
    if (cp > 0xffff) return 0;
    const v = this.view;
    const segCount = v.getUint16(base + 6) / 2;
    const endCodes = base + 14;
    const startCodes = endCodes + 2 * segCount + 2;
    const idDeltas = startCodes + 2 * segCount;
    const idRangeOffsets = idDeltas + 2 * segCount;
    for (let i = 0; i < segCount; i++) {
      if (cp > v.getUint16(endCodes + 2 * i)) continue;
      const start = v.getUint16(startCodes + 2 * i);
      if (cp < start) return 0;
      const delta = v.getInt16(idDeltas + 2 * i);
      const ro = v.getUint16(idRangeOffsets + 2 * i);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = v.getUint16(idRangeOffsets + 2 * i + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  }
}
