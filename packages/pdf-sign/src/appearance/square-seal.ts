import type { Appearance } from './appearance.ts';
import { AppearanceError } from './appearance-error.ts';
import { glyphsOf } from './arc-text.ts';
import { ContentBuilder, glyphMatrix } from './content-builder.ts';
import type { SealFont } from './seal-font.ts';
import { sealResources } from './seal-resources.ts';
import { PT_PER_MM, type RgbColor } from './seal-spec.ts';

export interface SquareSealInput {
  readonly sizeMm: number;
  readonly personName: string;
  readonly suffix: string | undefined;
  readonly color: RgbColor;
}

const MAX_CHARS = 6;

/** The customary suffix: 张三 → 张三之印, 李小明 → 李小明印, four characters as they are. */
export function defaultSuffix(nameLength: number): string {
  if (nameLength === 2) return '之印';
  if (nameLength === 3) return '印';
  return '';
}

/**
 * A square personal seal (人名章): characters in columns read top-right first, right column top to
 * bottom, then the next column to the left. With an odd count the rightmost column holds one tall
 * character (the surname), as engravers do.
 */
export function buildSquareSeal(font: SealFont, input: SquareSealInput): Appearance {
  const name = Array.from(input.personName.trim());
  const text = [...name, ...Array.from(input.suffix ?? defaultSuffix(name.length))];
  if (text.length > MAX_CHARS) {
    throw new AppearanceError(
      'ERR_SEAL_TEXT_UNSUPPORTED',
      `A square seal holds at most ${MAX_CHARS} characters; "${text.join('')}" has ${text.length}.`,
    );
  }
  const glyphs = glyphsOf(font, text.join(''));
  const size = input.sizeMm * PT_PER_MM;
  const border = size * (1.0 / 20);
  const pad = size * (0.8 / 20);
  const inner = size - 2 * border - 2 * pad;
  const columns = glyphs.length === 1 ? 1 : Math.ceil(glyphs.length / 2);
  const colWidth = inner / columns;
  const out = new ContentBuilder().op('q', '/GS0', 'gs').colors(input.color);
  out.op(border, 'w').op(border / 2, border / 2, size - border, size - border, 're', 'S');

  const unit = 1 / font.unitsPerEm;
  const emMiddle = (font.ascender + font.descender) / 2;
  // Cells are filled nearly edge to edge; a small gutter keeps neighbouring strokes apart.
  const fill = 0.94;
  let next = 0;
  for (let col = 0; col < columns; col++) {
    const rows = col === 0 && glyphs.length % 2 === 1 ? 1 : 2;
    const rowHeight = inner / rows;
    const x = size - border - pad - colWidth * (col + 0.5);
    for (let row = 0; row < rows; row++) {
      const g = glyphs[next++]!;
      const y = size - border - pad - rowHeight * (row + 0.5);
      const sx = (colWidth * fill) / g.advanceWidth;
      const sy = rowHeight * fill * unit;
      out.glyph(g, glyphMatrix(g.advanceWidth / 2, emMiddle, x, y, Math.PI / 2, sx, sy));
    }
  }
  out.op('Q');
  return { width: size, height: size, content: out.toBytes(), resources: sealResources() };
}
