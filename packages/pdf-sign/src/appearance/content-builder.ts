import type { SealGlyph } from './seal-font.ts';
import type { RgbColor } from './seal-spec.ts';

/** A number as a PDF real (ISO 32000-2 7.3.3: no exponent); 3 decimals of a point is 1/72000 in. */
export function pdfNumber(n: number, decimals = 3): string {
  const r = Number(n.toFixed(decimals));
  return r === 0 ? '0' : String(r);
}

export type Matrix = readonly [number, number, number, number, number, number];

/** Accumulates content stream operators (ISO 32000-2 8.2, table 56) for one appearance. */
export class ContentBuilder {
  private readonly parts: string[] = [];

  op(...items: (number | string)[]): this {
    this.parts.push(items.map((i) => (typeof i === 'number' ? pdfNumber(i) : i)).join(' '));
    return this;
  }

  raw(text: string): this {
    this.parts.push(text);
    return this;
  }

  colors(c: RgbColor): this {
    return this.op(c[0], c[1], c[2], 'rg').op(c[0], c[1], c[2], 'RG');
  }

  /** An axis-aligned ellipse as four cubic Béziers (kappa = 4(√2−1)/3, max radial error 0.027 %). */
  ellipse(cx: number, cy: number, rx: number, ry: number): this {
    const k = 0.5522847498;
    const ox = rx * k;
    const oy = ry * k;
    return this.op(cx + rx, cy, 'm')
      .op(cx + rx, cy + oy, cx + ox, cy + ry, cx, cy + ry, 'c')
      .op(cx - ox, cy + ry, cx - rx, cy + oy, cx - rx, cy, 'c')
      .op(cx - rx, cy - oy, cx - ox, cy - ry, cx, cy - ry, 'c')
      .op(cx + ox, cy - ry, cx + rx, cy - oy, cx + rx, cy, 'c')
      .op('h');
  }

  /** A five-pointed star with one point up, as a single filled polygon. */
  star(cx: number, cy: number, outerRadius: number): this {
    // The inner vertices of a regular pentagram lie at r·sin18°/sin126° ≈ 0.382 r.
    const inner = (outerRadius * Math.sin(Math.PI / 10)) / Math.sin((7 * Math.PI) / 10);
    for (let i = 0; i < 10; i++) {
      const r = i % 2 === 0 ? outerRadius : inner;
      const a = Math.PI / 2 + (i * Math.PI) / 5;
      this.op(cx + r * Math.cos(a), cy + r * Math.sin(a), i === 0 ? 'm' : 'l');
    }
    return this.op('h');
  }

  /** Fills a glyph outline (font units) mapped by `m`; the cached outline text is reused as is. */
  glyph(g: SealGlyph, m: Matrix): this {
    if (!g.path) return this;
    // Font units are ~0.02 pt, so the scale terms need 6 decimals to keep glyph size exact.
    const [a, b, c, d, e, f] = m;
    const scale = [a, b, c, d].map((v) => pdfNumber(v, 6)).join(' ');
    return this.op('q', scale, e, f, 'cm').raw(g.path).op('f', 'Q');
  }

  toBytes(): Uint8Array {
    return Buffer.from(this.parts.join('\n') + '\n', 'latin1');
  }
}

/**
 * Places a glyph: its em-box point (gx, gy) in font units lands on (x, y), the glyph's up direction
 * points along `upAngle` (radians from +x), scaled by sx across and sy along that direction.
 */
export function glyphMatrix(
  gx: number,
  gy: number,
  x: number,
  y: number,
  upAngle: number,
  sx: number,
  sy: number,
): Matrix {
  const rot = upAngle - Math.PI / 2;
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const a = sx * cos;
  const b = sx * sin;
  const c = -sy * sin;
  const d = sy * cos;
  return [a, b, c, d, x - (a * gx + c * gy), y - (b * gx + d * gy)];
}
