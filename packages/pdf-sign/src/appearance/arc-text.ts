import { AppearanceError } from './appearance-error.ts';
import { type ContentBuilder, glyphMatrix } from './content-builder.ts';
import type { SealFont, SealGlyph } from './seal-font.ts';

/** An axis-aligned ellipse centred at (cx, cy), walked by arc length so characters sit evenly on it. */
export class EllipsePath {
  private readonly lengths: Float64Array;
  readonly circumference: number;
  private static readonly SAMPLES = 1440;

  constructor(
    readonly cx: number,
    readonly cy: number,
    readonly rx: number,
    readonly ry: number,
  ) {
    const n = EllipsePath.SAMPLES;
    this.lengths = new Float64Array(n + 1);
    let px = rx;
    let py = 0;
    for (let i = 1; i <= n; i++) {
      const t = (2 * Math.PI * i) / n;
      const x = rx * Math.cos(t);
      const y = ry * Math.sin(t);
      this.lengths[i] = this.lengths[i - 1]! + Math.hypot(x - px, y - py);
      px = x;
      py = y;
    }
    this.circumference = this.lengths[n]!;
  }

  /** Arc length from t = 0 (the +x axis), counter-clockwise, to parameter angle t in [0, 2π]. */
  lengthAt(t: number): number {
    const f = (t / (2 * Math.PI)) * EllipsePath.SAMPLES;
    const i = Math.min(Math.floor(f), EllipsePath.SAMPLES - 1);
    return this.lengths[i]! + (f - i) * (this.lengths[i + 1]! - this.lengths[i]!);
  }

  /** Point and outward normal angle at arc length s (taken modulo the circumference). */
  at(s: number): { x: number; y: number; normal: number } {
    const c = this.circumference;
    const len = ((s % c) + c) % c;
    let lo = 0;
    let hi = EllipsePath.SAMPLES;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (this.lengths[mid]! <= len) lo = mid;
      else hi = mid;
    }
    const seg = this.lengths[lo + 1]! - this.lengths[lo]!;
    const t = ((lo + (seg > 0 ? (len - this.lengths[lo]!) / seg : 0)) * 2 * Math.PI) / EllipsePath.SAMPLES;
    return {
      x: this.cx + this.rx * Math.cos(t),
      y: this.cy + this.ry * Math.sin(t),
      // The normal of (rx cos t, ry sin t) is along (ry cos t, rx sin t).
      normal: Math.atan2(this.rx * Math.sin(t), this.ry * Math.cos(t)),
    };
  }
}

export interface ArcTextStyle {
  /** Em-box height of each character, points. */
  readonly emHeight: number;
  /** Width of a character relative to its natural width (real seals use narrowed characters). */
  readonly compression: number;
  /** Gap between characters as a fraction of the em height. */
  readonly gap: number;
  /** Narrowest compression accepted when a long text has to be squeezed into `maxSpan`. */
  readonly minCompression: number;
}

/** Characters of `text` (by code point) as glyphs; throws ERR_SEAL_TEXT_UNSUPPORTED for missing ones. */
export function glyphsOf(font: SealFont, text: string): SealGlyph[] {
  return Array.from(text, (ch) => font.glyph(ch));
}

interface Laid {
  readonly glyphs: readonly SealGlyph[];
  readonly widths: readonly number[];
  readonly steps: readonly number[];
  readonly compression: number;
}

/** Widths of the characters and the advance between them for a text that must span `[minSpan, maxSpan]`. */
function layOut(
  font: SealFont,
  glyphs: readonly SealGlyph[],
  style: ArcTextStyle,
  minSpan: number,
  maxSpan: number,
  what: string,
): Laid {
  const unit = style.emHeight / font.unitsPerEm;
  const natural = glyphs.map((g) => g.advanceWidth * unit * style.compression);
  const gap = style.gap * style.emHeight;
  const total = natural.reduce((a, w) => a + w + gap, 0);
  if (total > maxSpan) {
    // Squeeze characters and gaps alike, as seal engravers do for long names.
    const f = maxSpan / total;
    if (style.compression * f < style.minCompression) {
      throw new AppearanceError(
        'ERR_SEAL_TEXT_UNSUPPORTED',
        `The ${what} "${glyphs.map((g) => g.char).join('')}" is too long for this seal size; shorten it or enlarge the seal.`,
      );
    }
    return {
      glyphs,
      widths: natural.map((w) => w * f),
      steps: natural.map((w) => (w + gap) * f),
      compression: style.compression * f,
    };
  }
  const extra = total < minSpan ? (minSpan - total) / glyphs.length : 0;
  return {
    glyphs,
    widths: natural,
    steps: natural.map((w) => w + gap + extra),
    compression: style.compression,
  };
}

/**
 * Draws `glyphs` centred on arc length `centre` of `path`, each upright relative to the curve. On the
 * upper arc tops point outward and reading runs clockwise; on the lower arc tops point inward and
 * reading runs counter-clockwise, so both read left to right.
 */
export function drawArcText(
  out: ContentBuilder,
  font: SealFont,
  path: EllipsePath,
  glyphs: readonly SealGlyph[],
  style: ArcTextStyle,
  placement: { side: 'upper' | 'lower'; minSpan: number; maxSpan: number; what: string },
): void {
  if (glyphs.length === 0) return;
  const laid = layOut(font, glyphs, style, placement.minSpan, placement.maxSpan, placement.what);
  const upper = placement.side === 'upper';
  const centre = path.lengthAt(upper ? Math.PI / 2 : (3 * Math.PI) / 2);
  const span = laid.steps.reduce((a, s) => a + s, 0);
  const unit = style.emHeight / font.unitsPerEm;
  const emMiddle = (font.ascender + font.descender) / 2;
  let walked = 0;
  laid.glyphs.forEach((g, i) => {
    const offset = walked + laid.steps[i]! / 2 - span / 2;
    walked += laid.steps[i]!;
    const p = path.at(upper ? centre - offset : centre + offset);
    const up = upper ? p.normal : p.normal + Math.PI;
    out.glyph(g, glyphMatrix(g.advanceWidth / 2, emMiddle, p.x, p.y, up, unit * laid.compression, unit));
  });
}

/** Draws `glyphs` on one horizontal line centred at (cx, cy), squeezed to `maxWidth` if needed. */
export function drawLineText(
  out: ContentBuilder,
  font: SealFont,
  glyphs: readonly SealGlyph[],
  style: ArcTextStyle,
  cx: number,
  cy: number,
  maxWidth: number,
  what: string,
): void {
  if (glyphs.length === 0) return;
  const laid = layOut(font, glyphs, style, 0, maxWidth, what);
  const unit = style.emHeight / font.unitsPerEm;
  const emMiddle = (font.ascender + font.descender) / 2;
  // The last gap is trailing space; centre on the ink run.
  const gapAfter = laid.steps[laid.steps.length - 1]! - laid.widths[laid.widths.length - 1]!;
  let x = cx - (laid.steps.reduce((a, s) => a + s, 0) - gapAfter) / 2;
  laid.glyphs.forEach((g, i) => {
    const w = laid.widths[i]!;
    out.glyph(
      g,
      glyphMatrix(g.advanceWidth / 2, emMiddle, x + w / 2, cy, Math.PI / 2, unit * laid.compression, unit),
    );
    x += laid.steps[i]!;
  });
}
