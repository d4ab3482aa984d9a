import type { DocumentCanvas } from './document-canvas.ts';
import { fontFace } from './font-faces.ts';
import { num } from './pdf-writer.ts';

const FACE = fontFace('NotoSerifSC');
const COLOR = '0.75 0.1 0.1';
/** Translucent, so the specimen stays readable under it. */
const ALPHA = 0.22;

/**
 * Draws `text` once across every page, diagonally from bottom-left to top-right, over the content
 * (a filled box in the template cannot hide it): an unsigned specimen must never pass for a
 * document, on screen or on paper.
 */
export function drawWatermark(canvas: DocumentCanvas, text: string, pageCount: number): void {
  const cps = Array.from(text, (c) => c.codePointAt(0) as number);
  if (!cps.length) return;
  // Advance at 1 pt.
  const width = cps.reduce((sum, cp) => sum + FACE.advance(cp), 0);
  const angle = Math.atan2(canvas.height, canvas.width);
  const diagonal = Math.hypot(canvas.width, canvas.height);
  // Three fifths of the diagonal long, at most 72 pt high.
  const size = Math.min(72, (0.6 * diagonal) / width);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Start so that the line's middle (half its width along, a third of the size across) sits at the centre.
  const half = (width * size) / 2;
  const x = canvas.width / 2 - half * cos + (size / 3) * sin;
  const y = canvas.height / 2 - half * sin - (size / 3) * cos;
  const { subset, resource } = canvas.font(FACE);
  const ops =
    `q ${canvas.opacity(ALPHA)} gs BT ${resource} ${num(size)} Tf ${COLOR} rg\n` +
    `${num(cos)} ${num(sin)} ${num(-sin)} ${num(cos)} ${num(x)} ${num(y)} Tm <${subset.encode(cps)}> Tj\nET Q\n`;
  for (let page = 0; page < pageCount; page++) canvas.draw(page, ops);
}
