import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

/** A 40×40 PNG data URL: a dark square with a transparent border (so it needs an SMask). */
export function pngDataUrl(): string {
  const png = new PNG({ width: 40, height: 40 });
  for (let y = 0; y < 40; y++) {
    for (let x = 0; x < 40; x++) {
      const i = 4 * (40 * y + x);
      const inside = x >= 8 && x < 32 && y >= 8 && y < 32;
      png.data[i] = 20;
      png.data[i + 1] = 40;
      png.data[i + 2] = 120;
      png.data[i + 3] = inside ? 255 : 0;
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** A real JPEG (poppler's rendering of a PDF page) as a data URL. */
export function jpegDataUrl(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-jpeg-'));
  writeFileSync(join(dir, 'in.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '10', '-jpeg', '-singlefile', join(dir, 'in.pdf'), join(dir, 'out')]);
  return `data:image/jpeg;base64,${readFileSync(join(dir, 'out.jpg')).toString('base64')}`;
}
