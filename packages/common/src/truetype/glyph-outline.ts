import {
  ARG_WORDS,
  ARGS_ARE_XY,
  HAVE_2X2,
  HAVE_SCALE,
  HAVE_XY_SCALE,
  MORE_COMPONENTS,
  ON_CURVE,
  REPEAT,
  X_SAME_OR_POSITIVE,
  X_SHORT,
  Y_SAME_OR_POSITIVE,
  Y_SHORT,
} from './glyf-flags.ts';
import { TrueTypeFormatError } from './truetype-error.ts';
import type { TrueTypeFont } from './truetype-font.ts';

// Glyph outlines (OpenType 1.9 'glyf': quadratic B-spline contours, composites by affine transform)
// as PDF path construction operators, for text drawn as vector paths with no font embedded.

/** A glyph outline as PDF path construction operators (ISO 32000-2 8.5.2) in font units, y up. */
export interface GlyphOutline {
  readonly glyphId: number;
  /** `m`/`l`/`c`/`h` operators; empty for blank glyphs (space). */
  readonly path: string;
  readonly advanceWidth: number;
  /** Ink bounds [xMin, yMin, xMax, yMax] in font units ([0,0,0,0] when blank). */
  readonly bbox: readonly [number, number, number, number];
}

interface Point {
  x: number;
  y: number;
  onCurve: boolean;
}

const MAX_COMPOSITE_DEPTH = 8;

export function glyphOutline(font: TrueTypeFont, glyphId: number): GlyphOutline {
  const contours = glyphContours(font, glyphId, 0);
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
  return { glyphId, path, advanceWidth: font.advanceWidth(glyphId), bbox };
}

function glyphContours(font: TrueTypeFont, glyphId: number, depth: number): Point[][] {
  if (depth > MAX_COMPOSITE_DEPTH) throw new TrueTypeFormatError('composite glyphs nested too deeply');
  const data = font.glyphData(glyphId);
  if (data.length === 0) return [];
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  try {
    const n = v.getInt16(0);
    return n >= 0 ? simpleContours(v, n) : compositeContours(font, v, depth);
  } catch (e) {
    // Reads are bounded by the glyph's own bytes: running past them means the glyph is truncated.
    if (e instanceof RangeError) throw new TrueTypeFormatError(`glyph ${glyphId}: truncated outline`);
    throw e;
  }
}

function simpleContours(v: DataView, numberOfContours: number): Point[][] {
  let p = 10;
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

function compositeContours(font: TrueTypeFont, v: DataView, depth: number): Point[][] {
  let p = 10;
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
    for (const contour of glyphContours(font, component, depth + 1)) {
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
