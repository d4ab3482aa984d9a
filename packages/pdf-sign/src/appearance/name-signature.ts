import type { Appearance } from './appearance.ts';
import { glyphsOf } from './arc-text.ts';
import { ContentBuilder, glyphMatrix } from './content-builder.ts';
import type { SealFont } from './seal-font.ts';
import { sealResources } from './seal-resources.ts';
import { PT_PER_MM, type RgbColor } from './seal-spec.ts';

export interface NameSignatureInput {
  readonly name: string;
  /** Height of the characters' em box. */
  readonly heightMm: number;
  readonly color: RgbColor;
  /** A thin signature line under the name; without it the box is the text's alone (a date, say). */
  readonly line: boolean;
}

/**
 * A typed name as a person's mark: the name on one line in glyph outlines (any script the seal font
 * covers, so 张三 and Anna Müller alike), over a thin signature line. Width follows the name.
 */
export function buildNameSignature(font: SealFont, input: NameSignatureInput): Appearance {
  const glyphs = glyphsOf(font, input.name.trim());
  const em = input.heightMm * PT_PER_MM;
  const scale = em / font.unitsPerEm;
  const margin = em * 0.25;
  const lineGap = input.line ? em * 0.18 : 0;
  const textWidth = glyphs.reduce((w, g) => w + g.advanceWidth * scale, 0);
  const width = textWidth + 2 * margin;
  const height = em + lineGap + 2 * margin;
  const baselineY = margin + lineGap - font.descender * scale;
  const out = new ContentBuilder().op('q', '/GS0', 'gs').colors(input.color);
  let x = margin;
  for (const g of glyphs) {
    // The glyph's origin (0, 0) lands on the baseline at the pen position, upright.
    out.glyph(g, glyphMatrix(0, 0, x, baselineY, Math.PI / 2, scale, scale));
    x += g.advanceWidth * scale;
  }
  if (input.line) {
    const lineY = margin + lineGap / 2;
    out
      .op(em * 0.03, 'w')
      .op(margin / 2, lineY, 'm')
      .op(width - margin / 2, lineY, 'l', 'S');
  }
  out.op('Q');
  return { width, height, content: out.toBytes(), resources: sealResources() };
}
