import { describe, expect, it } from 'vitest';
import { PdfString } from './objects.ts';
import { decodeTextString, encodeTextString, formatPdfDate, parsePdfDate } from './text-string.ts';

describe('text strings (7.9.2.2)', () => {
  it('keeps ASCII literal and uses UTF-16BE with BOM otherwise', () => {
    const a = encodeTextString('Signed by Alice');
    expect(a.hex).toBe(false);
    expect(Buffer.from(a.bytes).toString('latin1')).toBe('Signed by Alice');
    const c = encodeTextString('电子印章 😀');
    expect([...c.bytes.slice(0, 4)]).toEqual([0xfe, 0xff, 0x75, 0x35]);
    expect(decodeTextString(c)).toBe('电子印章 😀');
  });

  it('decodes PDFDocEncoding and UTF-8 with BOM', () => {
    expect(decodeTextString(new PdfString(Uint8Array.from([0x41, 0x80, 0xa0, 0xe9]), false))).toBe('A•€é');
    expect(decodeTextString(new PdfString(Buffer.from('\ufeff印', 'utf8'), false))).toBe('印');
  });
});

describe('dates (7.9.4)', () => {
  it('formats in UTC', () => {
    expect(formatPdfDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('D:20260102030405Z');
  });

  it('parses full, partial and offset forms', () => {
    expect(parsePdfDate('D:20260102030405Z')?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(parsePdfDate("D:20260102030405+08'00'")?.toISOString()).toBe('2026-01-01T19:04:05.000Z');
    expect(parsePdfDate("D:20260102030405-05'30")?.toISOString()).toBe('2026-01-02T08:34:05.000Z');
    expect(parsePdfDate('D:2026')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate('D:20260230')).toBeUndefined();
    expect(parsePdfDate('yesterday')).toBeUndefined();
  });
});
