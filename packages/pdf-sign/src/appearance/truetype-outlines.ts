// A minimal reader for TrueType glyph outlines (OpenType 1.9: cmap, head, loca, glyf, hmtx). It reads
// only what seal drawing needs (character → outline as PDF path operators), lazily, from one buffer.

/** A glyph outline as PDF path construction operators (ISO 32000-2 8.5.2) in font units, y up. */
export interface GlyphOutline {
  readonly glyphId: number;
  /** `m`/`l`/`c`/`h` operators; empty for blank glyphs (space). */
  readonly path: string;
  readonly advanceWidth: number;
  /** Ink bounds [xMin, yMin, xMax, yMax] in font units ([0,0,0,0] when blank). */
  readonly bbox: readonly [number, number, number, number];
}

export class TrueTypeFormatError extends Error {
  override readonly name = 'TrueTypeFormatError';
}

interface Point {
  x: number;
  y: number;
  onCurve: boolean;
}

// glyf simple-glyph flags (OpenType 'glyf' table).
const ON_CURVE = 0x01;
const X_SHORT = 0x02;
const Y_SHORT = 0x04;
const REPEAT = 0x08;
const X_SAME_OR_POSITIVE = 0x10;
const Y_SAME_OR_POSITIVE = 0x20;
// Composite glyph flags.
const ARG_WORDS = 0x0001;
const ARGS_ARE_XY = 0x0002;
const HAVE_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const HAVE_XY_SCALE = 0x0040;
const HAVE_2X2 = 0x0080;

const MAX_COMPOSITE_DEPTH = 8;

export class TrueTypeOutlines {
  readonly unitsPerEm: number;
  readonly ascender: number;
  readonly descender: number;
  private readonly view: DataView;
  private readonly tables = new Map<string, { offset: number; length: number }>();
  private readonly longLoca: boolean;
  private readonly numGlyphs: number;
  private readonly numHMetrics: number;
  private readonly cmap: { format: 4 | 12; offset: number };

  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const v = this.view;
    if (v.byteLength < 12 || v.getUint32(0) !== 0x00010000) {
      throw new TrueTypeFormatError('not a TrueType-outline font (sfnt version must be 0x00010000)');
    }
    const numTables = v.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + 16 * i;
      const tag = String.fromCharCode(
        v.getUint8(rec),
        v.getUint8(rec + 1),
        v.getUint8(rec + 2),
        v.getUint8(rec + 3),
      );
      const offset = v.getUint32(rec + 8);
      const length = v.getUint32(rec + 12);
      if (offset + length > v.byteLength) throw new TrueTypeFormatError(`table ${tag} overruns the file`);
      this.tables.set(tag, { offset, length });
    }
    const head = this.table('head');
    this.unitsPerEm = v.getUint16(head + 18);
    this.longLoca = v.getInt16(head + 50) === 1;
    this.numGlyphs = v.getUint16(this.table('maxp') + 4);
    this.numHMetrics = v.getUint16(this.table('hhea') + 34);
    const os2 = this.tables.get('OS/2');
    // OS/2 sTypoAscender/Descender give the ideographic em box of CJK fonts (880/-120 for Noto).
    this.ascender = os2 ? v.getInt16(os2.offset + 68) : v.getInt16(this.table('hhea') + 4);
    this.descender = os2 ? v.getInt16(os2.offset + 70) : v.getInt16(this.table('hhea') + 6);
    this.cmap = this.pickCmap();
    this.table('loca');
    this.table('glyf');
  }

  /** The glyph for a Unicode code point, or 0 (.notdef) when the font lacks it. */
  glyphIdFor(codePoint: number): number {
    return this.cmap.format === 12 ? this.lookup12(codePoint) : this.lookup4(codePoint);
  }

  outline(glyphId: number): GlyphOutline {
    if (glyphId < 0 || glyphId >= this.numGlyphs)
      throw new TrueTypeFormatError(`glyph ${glyphId} out of range`);
    const contours = this.contours(glyphId, 0);
    let path = '';
    let xMin = Infinity;
    let yMin = Infinity;
    let xMax = -Infinity;
    let yMax = -Infinity;
    for (const c of contours) {
      path += contourToPath(c);
      for (const p of c) {
        xMin = Math.min(xMin, p.x);
        yMin = Math.min(yMin, p.y);
        xMax = Math.max(xMax, p.x);
        yMax = Math.max(yMax, p.y);
      }
    }
    const bbox: [number, number, number, number] = path ? [xMin, yMin, xMax, yMax] : [0, 0, 0, 0];
    return { glyphId, path, advanceWidth: this.advanceWidth(glyphId), bbox };
  }

  private table(tag: string): number {
    const t = this.tables.get(tag);
    if (!t) throw new TrueTypeFormatError(`missing required table '${tag}'`);
    return t.offset;
  }

  private advanceWidth(glyphId: number): number {
    const i = Math.min(glyphId, this.numHMetrics - 1);
    return this.view.getUint16(this.table('hmtx') + 4 * i);
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
      // Full-repertoire Unicode subtables: (3,10) or (0,4|6) format 12; BMP: (3,1) or (0,3) format 4.
      if (format === 12 && ((platform === 3 && encoding === 10) || platform === 0))
        return { format: 12, offset };
      if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) fmt4 ??= offset;
    }
    if (fmt4 === undefined) throw new TrueTypeFormatError('no Unicode cmap subtable (format 4 or 12)');
    return { format: 4, offset: fmt4 };
  }

  private lookup12(cp: number): number {
    const v = this.view;
    const base = this.cmap.offset;
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

  private lookup4(cp: number): number {
    if (cp > 0xffff) return 0;
    const v = this.view;
    const base = this.cmap.offset;
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

  private glyphRange(glyphId: number): { offset: number; length: number } {
    const v = this.view;
    const loca = this.table('loca');
    const start = this.longLoca ? v.getUint32(loca + 4 * glyphId) : 2 * v.getUint16(loca + 2 * glyphId);
    const end = this.longLoca ? v.getUint32(loca + 4 * glyphId + 4) : 2 * v.getUint16(loca + 2 * glyphId + 2);
    const glyf = this.tables.get('glyf')!;
    if (end < start || end > glyf.length) throw new TrueTypeFormatError(`glyph ${glyphId}: bad loca entry`);
    return { offset: glyf.offset + start, length: end - start };
  }

  private contours(glyphId: number, depth: number): Point[][] {
    if (depth > MAX_COMPOSITE_DEPTH) throw new TrueTypeFormatError('composite glyphs nested too deeply');
    const { offset, length } = this.glyphRange(glyphId);
    if (length === 0) return [];
    const n = this.view.getInt16(offset);
    return n >= 0 ? this.simpleContours(offset, n) : this.compositeContours(offset, depth);
  }

  private simpleContours(offset: number, numberOfContours: number): Point[][] {
    const v = this.view;
    let p = offset + 10;
    const endPts: number[] = [];
    for (let i = 0; i < numberOfContours; i++, p += 2) endPts.push(v.getUint16(p));
    const numPoints = numberOfContours ? endPts[numberOfContours - 1]! + 1 : 0;
    p += 2 + v.getUint16(p); // skip hinting instructions
    const flags = new Uint8Array(numPoints);
    for (let i = 0; i < numPoints; ) {
      const f = v.getUint8(p++);
      flags[i++] = f;
      if (f & REPEAT) {
        for (let r = v.getUint8(p++); r > 0 && i < numPoints; r--) flags[i++] = f;
      }
    }
    const xs = new Int32Array(numPoints);
    const ys = new Int32Array(numPoints);
    let x = 0;
    for (let i = 0; i < numPoints; i++) {
      const f = flags[i]!;
      if (f & X_SHORT) {
        const d = v.getUint8(p++);
        x += f & X_SAME_OR_POSITIVE ? d : -d;
      } else if (!(f & X_SAME_OR_POSITIVE)) {
        x += v.getInt16(p);
        p += 2;
      }
      xs[i] = x;
    }
    let y = 0;
    for (let i = 0; i < numPoints; i++) {
      const f = flags[i]!;
      if (f & Y_SHORT) {
        const d = v.getUint8(p++);
        y += f & Y_SAME_OR_POSITIVE ? d : -d;
      } else if (!(f & Y_SAME_OR_POSITIVE)) {
        y += v.getInt16(p);
        p += 2;
      }
      ys[i] = y;
    }
    const contours: Point[][] = [];
    let first = 0;
    for (const last of endPts) {
      const c: Point[] = [];
      for (let i = first; i <= last; i++)
        c.push({ x: xs[i]!, y: ys[i]!, onCurve: (flags[i]! & ON_CURVE) !== 0 });
      contours.push(c);
      first = last + 1;
    }
    return contours;
  }

  private compositeContours(offset: number, depth: number): Point[][] {
    const v = this.view;
    let p = offset + 10;
    const out: Point[][] = [];
    for (;;) {
      const flags = v.getUint16(p);
      const component = v.getUint16(p + 2);
      p += 4;
      let dx: number;
      let dy: number;
      if (flags & ARG_WORDS) {
        dx = v.getInt16(p);
        dy = v.getInt16(p + 2);
        p += 4;
      } else {
        dx = v.getInt8(p);
        dy = v.getInt8(p + 1);
        p += 2;
      }
      if (!(flags & ARGS_ARE_XY))
        throw new TrueTypeFormatError('composite glyphs positioned by point matching');
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2dot14 = (at: number): number => v.getInt16(at) / 16384;
      if (flags & HAVE_SCALE) {
        a = d = f2dot14(p);
        p += 2;
      } else if (flags & HAVE_XY_SCALE) {
        a = f2dot14(p);
        d = f2dot14(p + 2);
        p += 4;
      } else if (flags & HAVE_2X2) {
        [a, b, c, d] = [f2dot14(p), f2dot14(p + 2), f2dot14(p + 4), f2dot14(p + 6)];
        p += 8;
      }
      for (const contour of this.contours(component, depth + 1)) {
        out.push(
          contour.map((pt) => ({
            x: a * pt.x + c * pt.y + dx,
            y: b * pt.x + d * pt.y + dy,
            onCurve: pt.onCurve,
          })),
        );
      }
      if (!(flags & MORE_COMPONENTS)) return out;
    }
  }
}

const num = (n: number): string => String(Math.round(n));

/** One closed contour of quadratic B-splines as PDF operators; each quadratic becomes the equivalent cubic. */
function contourToPath(points: readonly Point[]): string {
  const n = points.length;
  if (n === 0) return '';
  // Start on an on-curve point; if there is none, on the implied midpoint of the first two off-curve points.
  let startIndex = points.findIndex((p) => p.onCurve);
  const allOffCurve = startIndex < 0;
  if (allOffCurve) startIndex = 0;
  const p0 = points[startIndex]!;
  const p1 = points[(startIndex + 1) % n]!;
  const start: Point = allOffCurve ? { x: (p0.x + p1.x) / 2, y: (p0.y + p1.y) / 2, onCurve: true } : p0;
  let out = `${num(start.x)} ${num(start.y)} m\n`;
  let current = start;
  let control: Point | undefined;
  const quadTo = (q: Point, end: Point): void => {
    const c1x = current.x + (2 / 3) * (q.x - current.x);
    const c1y = current.y + (2 / 3) * (q.y - current.y);
    const c2x = end.x + (2 / 3) * (q.x - end.x);
    const c2y = end.y + (2 / 3) * (q.y - end.y);
    out += `${num(c1x)} ${num(c1y)} ${num(c2x)} ${num(c2y)} ${num(end.x)} ${num(end.y)} c\n`;
    current = end;
  };
  // With an on-curve start, the walk stops before revisiting it; with an all-off-curve contour the
  // first point is itself a control point and is visited last.
  const steps = allOffCurve ? n : n - 1;
  for (let k = 1; k <= steps; k++) {
    const p = points[(startIndex + k) % n]!;
    if (p.onCurve) {
      if (control) quadTo(control, p);
      else {
        out += `${num(p.x)} ${num(p.y)} l\n`;
        current = p;
      }
      control = undefined;
    } else {
      if (control) quadTo(control, { x: (control.x + p.x) / 2, y: (control.y + p.y) / 2, onCurve: true });
      control = p;
    }
  }
  if (control) quadTo(control, start);
  return `${out}h\n`;
}
