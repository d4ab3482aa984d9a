import type { FontFace } from './font-faces.ts';
import type { FontSubset } from './font-subset.ts';
import { num } from './pdf-writer.ts';
import type { Alignment, VerticalAlignment } from './template-types.ts';

// Line breaking and placement of plain text in a box, in points. CJK text may break between any
// two characters; runs of Latin letters, digits and punctuation break only at spaces (or, when a
// single word is wider than the box, between characters); '\n' forces a break.

export interface ResolvedTextStyle {
  face: FontFace;
  /** Font size, pt. */
  size: number;
  lineHeight: number;
  /** Extra space after each character, pt. */
  characterSpacing: number;
  /** `r g b` operands. */
  color: string;
  alignment: Alignment;
  verticalAlignment: VerticalAlignment;
}

export interface WrappedLine {
  cps: number[];
  /** Advance of the line including character spacing, pt. */
  width: number;
  /** Last line of a paragraph (not stretched by 'justify'). */
  paragraphEnd: boolean;
}

/** One line positioned in its box: x and baseline are offsets from the box's top-left corner, pt. */
export interface TextRun {
  cps: number[];
  x: number;
  baseline: number;
  /** Character spacing operand (Tc) for this line. */
  tc: number;
}

export interface TextBlock {
  face: FontFace;
  size: number;
  color: string;
  runs: TextRun[];
}

const SPACE = 0x20;

/** Code points that belong to space-separated words (Latin, Greek, Cyrillic, symbols before CJK). */
function isWordChar(cp: number): boolean {
  return cp < 0x2e80 && cp !== SPACE;
}

export function wrapText(text: string, style: ResolvedTextStyle, maxWidth: number): WrappedLine[] {
  const lines: WrappedLine[] = [];
  const { face, size, characterSpacing: cs } = style;
  const charWidth = (cp: number): number => face.advance(cp) * size + cs;
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line: number[] = [];
    let width = 0;
    const cps = Array.from(paragraph, (c) => {
      const cp = c.codePointAt(0)!;
      return cp === 0x09 ? SPACE : cp;
    });
    const pushLine = (): void => {
      while (line.length && line[line.length - 1] === SPACE) width -= charWidth(line.pop()!);
      lines.push({ cps: line, width, paragraphEnd: false });
      line = [];
      width = 0;
    };
    let i = 0;
    while (i < cps.length) {
      // The next unbreakable token: one CJK character, a space, or a whole word.
      let end = i + 1;
      if (isWordChar(cps[i]!)) while (end < cps.length && isWordChar(cps[end]!)) end++;
      let tokenWidth = 0;
      for (let k = i; k < end; k++) tokenWidth += charWidth(cps[k]!);
      if (cps[i] === SPACE) {
        if (line.length) {
          line.push(SPACE);
          width += tokenWidth;
        }
      } else if (width + tokenWidth <= maxWidth + 1e-6) {
        for (let k = i; k < end; k++) line.push(cps[k]!);
        width += tokenWidth;
      } else {
        if (line.length) pushLine();
        // A token wider than the whole box is broken between characters.
        for (let k = i; k < end; k++) {
          const w = charWidth(cps[k]!);
          if (line.length && width + w > maxWidth + 1e-6) pushLine();
          line.push(cps[k]!);
          width += w;
        }
      }
      i = end;
    }
    pushLine();
    lines[lines.length - 1]!.paragraphEnd = true;
  }
  return lines;
}

/** Height of `lineCount` lines, pt. */
export function textHeight(lineCount: number, style: ResolvedTextStyle): number {
  return lineCount * style.size * style.lineHeight;
}

/** Positions wrapped lines in a box of the given size (pt) by the style's alignments. */
export function placeLines(
  lines: readonly WrappedLine[],
  style: ResolvedTextStyle,
  boxWidth: number,
  boxHeight: number,
): TextBlock {
  const { face, size } = style;
  const pitch = size * style.lineHeight;
  const free = boxHeight - textHeight(lines.length, style);
  const top =
    style.verticalAlignment === 'middle' ? free / 2 : style.verticalAlignment === 'bottom' ? free : 0;
  // Each line's em box is centred in its line pitch.
  const firstBaseline = top + (pitch - size * (face.ascent - face.descent)) / 2 + size * face.ascent;
  const runs: TextRun[] = [];
  lines.forEach((line, i) => {
    if (!line.cps.length) return;
    let x = 0;
    let tc = style.characterSpacing;
    if (style.alignment === 'center') x = (boxWidth - line.width) / 2;
    else if (style.alignment === 'right') x = boxWidth - line.width;
    else if (style.alignment === 'justify' && !line.paragraphEnd && line.cps.length > 1) {
      tc += (boxWidth - line.width) / (line.cps.length - 1);
    }
    runs.push({ cps: line.cps, x, baseline: firstBaseline + i * pitch, tc });
  });
  return { face, size, color: style.color, runs };
}

/** Content stream operators for a block whose box has its top-left corner at (left, top), PDF pt. */
export function textOps(
  block: TextBlock,
  left: number,
  top: number,
  subset: FontSubset,
  fontResource: string,
): string {
  if (!block.runs.length) return '';
  let ops = `BT ${fontResource} ${num(block.size)} Tf ${block.color} rg\n`;
  let tc = 0;
  for (const run of block.runs) {
    if (run.tc !== tc) {
      ops += `${num(run.tc)} Tc `;
      tc = run.tc;
    }
    ops += `1 0 0 1 ${num(left + run.x)} ${num(top - run.baseline)} Tm <${subset.encode(run.cps)}> Tj\n`;
  }
  // Tc belongs to the graphics state and outlives ET (ISO 32000-2 9.3.1): leave it at 0.
  return `${ops}${tc !== 0 ? '0 Tc ' : ''}ET\n`;
}
