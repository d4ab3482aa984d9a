import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText, TextExtractError } from './extract-text.ts';

const utf16 = (s: string): string => Buffer.from(s, 'utf16le').swap16().toString('hex');

/**
 * Two A4 pages made by MuPDF (an independent producer): Chinese in a CJK font (UniGB-UTF16-H, so
 * pdf.js needs its CMaps) with a phrase split over two lines, and Latin text in Times.
 */
function chinesePdf(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-text-'));
  try {
    const header = '%%MediaBox 0 0 595 842\n%%Font F1 Times-Roman\n%%CJKFont F2 zh-Hans\n';
    writeFileSync(
      join(dir, 'p1.txt'),
      header +
        `BT /F2 14 Tf 72 700 Td <${utf16('成绩证明：张三同学')}> Tj ET\n` +
        `BT /F2 14 Tf 72 680 Td <${utf16('本科阶段平均绩点')}> Tj ET\n` +
        'BT /F1 12 Tf 72 500 Td (Certified Transcript) Tj ET\n',
    );
    writeFileSync(
      join(dir, 'p2.txt'),
      header +
        `BT /F2 14 Tf 72 700 Td <${utf16('内部')}> Tj ET\n` +
        `BT /F2 14 Tf 72 680 Td <${utf16('资料，请勿外传')}> Tj ET\n`,
    );
    execFileSync('mutool', ['create', '-o', join(dir, 'doc.pdf'), join(dir, 'p1.txt'), join(dir, 'p2.txt')]);
    return readFileSync(join(dir, 'doc.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('extractText', () => {
  let pdf: Uint8Array;
  beforeAll(() => {
    pdf = chinesePdf();
  });

  it('returns the Chinese and Latin text of every page, in order', async () => {
    const text = await extractText(pdf);
    expect(text).toContain('成绩证明：张三同学');
    expect(text).toContain('本科阶段平均绩点');
    expect(text).toContain('Certified Transcript');
    expect(text.indexOf('张三')).toBeLessThan(text.indexOf('资料'));
    // A phrase drawn over two lines comes back whole once whitespace is ignored.
    expect(text.replace(/\s+/gu, '')).toContain('内部资料');
  });

  it('leaves the caller its buffer (pdf.js detaches what it is given)', async () => {
    const copy = new Uint8Array(pdf);
    await extractText(copy);
    expect(copy.byteLength).toBe(pdf.byteLength);
  });

  it('refuses a PDF over the page limit rather than returning part of its text', async () => {
    const refused = await extractText(pdf, { maxPages: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TextExtractError);
    expect((refused as TextExtractError).code).toBe('ERR_TEXT_PAGE_LIMIT');
    expect(await extractText(pdf, { maxPages: 2 })).toContain('内部');
  });

  it('names an unreadable file as such', async () => {
    const refused = await extractText(new TextEncoder().encode('not a pdf at all')).catch((e: unknown) => e);
    expect((refused as TextExtractError).code).toBe('ERR_TEXT_PDF_UNREADABLE');
  });
});
