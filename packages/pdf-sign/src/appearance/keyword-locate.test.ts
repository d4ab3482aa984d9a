import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateKeyword } from './keyword-locate.ts';

const hasPdfjs = ((): boolean => {
  try {
    createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
    return true;
  } catch {
    return false;
  }
})();

const utf16 = (s: string): string => Buffer.from(s, 'utf16le').swap16().toString('hex');

/**
 * Two A4 pages made by MuPDF (an independent producer): 盖章处 at a given baseline in a CJK font
 * (UniGB-UTF16-H, so pdf.js needs its CMaps), and Latin text in Times. On page 2 the keyword is
 * split over two text objects.
 */
function twoPagePdf(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-keyword-'));
  const header = '%%MediaBox 0 0 595 842\n%%Font F1 Times-Roman\n%%CJKFont F2 zh-Hans\n';
  writeFileSync(
    join(dir, 'p1.txt'),
    header +
      `BT /F2 14 Tf 100 700 Td <${utf16('学生签名：盖章处')}> Tj ET\n` +
      'BT /F1 12 Tf 300 500 Td (Sign here please) Tj ET\n',
  );
  writeFileSync(
    join(dir, 'p2.txt'),
    header +
      `BT /F2 20 Tf 350 150 Td <${utf16('盖章')}> Tj ET\n` +
      `BT /F2 20 Tf 390 150 Td <${utf16('处')}> Tj ET\n` +
      'BT /F1 12 Tf 72 72 Td (Sign here) Tj ET\n',
  );
  execFileSync('mutool', ['create', '-o', join(dir, 'doc.pdf'), join(dir, 'p1.txt'), join(dir, 'p2.txt')]);
  return readFileSync(join(dir, 'doc.pdf'));
}

// pdfjs-dist is declared in the contract but may not be installed in every checkout yet.
describe.skipIf(!hasPdfjs)('locateKeyword', () => {
  let pdf: Uint8Array;
  beforeAll(() => {
    pdf = twoPagePdf();
  });

  // CJK em box: 0.12 em below the baseline to 0.88 em above, centre 0.38 em above it.
  it('finds the first occurrence of a Chinese keyword where it was drawn', async () => {
    const at = await locateKeyword(pdf, '盖章处', 'first');
    expect(at?.pageIndex).toBe(0);
    expect(Math.abs(at!.x - (100 + 14 * 6.5))).toBeLessThan(2);
    expect(Math.abs(at!.y - (700 + 0.38 * 14))).toBeLessThan(2);
    expect(Math.abs(at!.width - 42)).toBeLessThan(2);
  });

  it('finds the last occurrence, split over two text objects', async () => {
    const at = await locateKeyword(pdf, '盖章处', 'last');
    expect(at?.pageIndex).toBe(1);
    expect(Math.abs(at!.x - 380)).toBeLessThan(2);
    expect(Math.abs(at!.y - (150 + 0.38 * 20))).toBeLessThan(2);
  });

  it('finds Latin keywords and ignores spacing differences', async () => {
    const first = await locateKeyword(pdf, 'Sign here');
    expect(first?.pageIndex).toBe(0);
    expect(Math.abs(first!.x - (300 + 45.66 / 2))).toBeLessThan(2);
    expect(Math.abs(first!.y - (500 + 0.3 * 12))).toBeLessThan(2);
    const last = await locateKeyword(pdf, 'Signhere', 'last');
    expect(last?.pageIndex).toBe(1);
    expect(Math.abs(last!.x - (72 + 45.66 / 2))).toBeLessThan(2);
  });

  it('returns undefined for an absent keyword and refuses a broken PDF with a stable code', async () => {
    expect(await locateKeyword(pdf, '签发人')).toBeUndefined();
    await expect(locateKeyword(new Uint8Array([1, 2, 3]), '盖章处')).rejects.toMatchObject({
      code: 'ERR_KEYWORD_SEARCH_FAILED',
    });
  });
});
