import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStreamData } from './filters.ts';
import { PdfDict, PdfName, type PdfObject, PdfStream } from './objects.ts';
import { PdfError } from './pdf-error.ts';

const stream = (data: Uint8Array | string, entries: [string, PdfObject][]): PdfStream =>
  new PdfStream(new PdfDict(entries), typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
const name = (n: string) => PdfName.of(n);
const str = (u: Uint8Array) => Buffer.from(u).toString('latin1');

describe('decodeStreamData', () => {
  it('inflates FlateDecode', () => {
    const s = stream(deflateSync(Buffer.from('hello world')), [['Filter', name('FlateDecode')]]);
    expect(str(decodeStreamData(s))).toBe('hello world');
  });

  it('undoes PNG predictors (row filters None, Sub, Up, Average, Paeth)', () => {
    const rows = [
      [0, 1, 2, 3],
      [1, 1, 1, 1], // Sub: 1 2 3 4
      [2, 1, 1, 1], // Up: 2 3 4
      [3, 2, 2, 2], // Average
      [4, 0, 0, 0], // Paeth
    ];
    const raw = Uint8Array.from(rows.flat());
    const parms = new PdfDict([
      ['Predictor', 12],
      ['Columns', 3],
    ]);
    const s = stream(deflateSync(raw), [
      ['Filter', name('FlateDecode')],
      ['DecodeParms', parms],
    ]);
    const out = [...decodeStreamData(s)];
    expect(out.slice(0, 9)).toEqual([1, 2, 3, 1, 2, 3, 2, 3, 4]);
    // Average: left(0)+up(2)>>1 = 1 + 2 = 3; then (3+3)>>1=3 +2 = 5; (5+4)>>1=4 +2 = 6
    expect(out.slice(9, 12)).toEqual([3, 5, 6]);
    expect(out.slice(12, 15)).toEqual([3, 5, 6]);
  });

  it('undoes the TIFF predictor', () => {
    const parms = new PdfDict([
      ['Predictor', 2],
      ['Columns', 4],
    ]);
    const s = stream(deflateSync(Uint8Array.from([5, 1, 1, 1])), [
      ['Filter', name('FlateDecode')],
      ['DecodeParms', parms],
    ]);
    expect([...decodeStreamData(s)]).toEqual([5, 6, 7, 8]);
  });

  it('decodes ASCIIHex and ASCII85, also chained', () => {
    expect(str(decodeStreamData(stream('48 65 6C6c 6F>', [['Filter', name('ASCIIHexDecode')]])))).toBe(
      'Hello',
    );
    expect(str(decodeStreamData(stream('87cURD]i,"Ebo80~>', [['Filter', name('ASCII85Decode')]])))).toBe(
      'Hello World!',
    );
    expect(str(decodeStreamData(stream('87cURD]i,"Ebo7~>', [['Filter', name('ASCII85Decode')]])))).toBe(
      'Hello World',
    );
    expect([...decodeStreamData(stream('z~>', [['Filter', name('A85')]]))]).toEqual([0, 0, 0, 0]);
    const hexOfFlate = Buffer.from(deflateSync(Buffer.from('chain'))).toString('hex');
    const s = stream(hexOfFlate, [['Filter', [name('ASCIIHexDecode'), name('FlateDecode')]]]);
    expect(str(decodeStreamData(s))).toBe('chain');
  });

  it('refuses image codecs unless raw data is asked for', () => {
    const s = stream('\xff\xd8jpeg', [['Filter', name('DCTDecode')]]);
    expect(() => decodeStreamData(s)).toThrow(expect.objectContaining({ code: 'ERR_PDF_UNSUPPORTED' }));
    expect(str(decodeStreamData(s, { raw: true }))).toBe('\xff\xd8jpeg');
    expect(() => decodeStreamData(stream('x', [['Filter', name('LZWDecode')]]))).toThrow(PdfError);
  });

  it('stops a zip bomb at maxOutput with ERR_PDF_TOO_LARGE, fast', () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024));
    const t = performance.now();
    const s = stream(bomb, [['Filter', name('FlateDecode')]]);
    expect(() => decodeStreamData(s, { maxOutput: 1024 * 1024 })).toThrow(
      expect.objectContaining({ code: 'ERR_PDF_TOO_LARGE' }),
    );
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('reports corrupt deflate data as malformed', () => {
    const s = stream('not deflate at all', [['Filter', name('FlateDecode')]]);
    expect(() => decodeStreamData(s)).toThrow(expect.objectContaining({ code: 'ERR_PDF_MALFORMED' }));
  });
});
