import QRCode from 'qrcode';
import { num } from './pdf-writer.ts';

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

const symbol = (text: string, level: QrErrorLevel) =>
  // One byte-mode segment: skips the library's segment optimisation (15 % of its time), which
  // gains nothing for URLs with lowercase letters; the mask is still chosen by penalty score.
  QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: level });

/** Modules per side of the QR code of `text` at `level` (21 for version 1, 4 more per version). */
export const qrModuleCount = (text: string, level: QrErrorLevel): number => symbol(text, level).modules.size;

/**
 * A QR code as filled vector rectangles (one per horizontal run of dark modules), drawn in a square
 * of `size` pt whose top-left corner is (left, top) in PDF coordinates. The light quiet zone is
 * the caller's blank margin.
 */
export function qrOps(
  text: string,
  left: number,
  top: number,
  size: number,
  level: QrErrorLevel = 'M',
): string {
  if (!text) return '';
  const { modules } = symbol(text, level);
  const n = modules.size;
  const m = size / n;
  let ops = '0 0 0 rg\n';
  for (let r = 0; r < n; r++) {
    const y = num(top - (r + 1) * m);
    let c = 0;
    while (c < n) {
      if (!modules.data[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.data[r * n + c]) c++;
      ops += `${num(left + start * m)} ${y} ${num((c - start) * m)} ${num(m)} re\n`;
    }
  }
  return `${ops}f\n`;
}
