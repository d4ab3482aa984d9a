import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

// The independent readers our output must satisfy: poppler (pdftotext, pdftoppm), MuPDF, qpdf, zbar.

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[]): ToolResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function writeTemp(pdf: Uint8Array): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-templates-'));
  const file = join(dir, 'doc.pdf');
  writeFileSync(file, pdf);
  return { dir, file };
}

/** pdftoppm pages as PNG files (sorted by page). */
export function rasterize(file: string, dpi: number): { pages: string[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-raster-'));
  const r = run('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'p')]);
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
  return { pages, stderr: r.stderr };
}

/** Dark pixels (luminance < 128) in a region given in PDF points from the top-left, at `dpi`. */
export function darkPixels(
  png: string,
  dpi: number,
  box: { x: number; y: number; w: number; h: number },
): number {
  const img = PNG.sync.read(readFileSync(png));
  const s = dpi / 72;
  let dark = 0;
  for (let y = Math.floor(box.y * s); y < Math.min(img.height, (box.y + box.h) * s); y++) {
    for (let x = Math.floor(box.x * s); x < Math.min(img.width, (box.x + box.w) * s); x++) {
      const i = 4 * (y * img.width + x);
      if (img.data[i]! * 0.3 + img.data[i + 1]! * 0.59 + img.data[i + 2]! * 0.11 < 128) dark++;
    }
  }
  return dark;
}

/** MuPDF's stderr minus its build note about missing colour management (printed for any file). */
export function mutoolErrors(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-mutool-'));
  const r = run('mutool', ['draw', '-o', join(dir, 'p%d.png'), file]);
  return r.stderr
    .split('\n')
    .filter((l) => l && !/^page .* \d+$/.test(l) && l !== 'warning: ICC support is not available')
    .join('\n');
}
