import { describe, expect, it } from 'vitest';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from './objects.ts';
import { parseObjectAt } from './parser.ts';
import { formatNumber, serializeObject } from './serialize.ts';

const s = (o: Parameters<typeof serializeObject>[0]): string =>
  Buffer.from(serializeObject(o)).toString('latin1');

describe('serializeObject', () => {
  it('writes numbers without exponent, at most 6 decimals', () => {
    expect([0, -0, 1, -3, 0.5, 1 / 3, 1e-7, -1e-7, 1e21, 123456.0000004, 2.5e-3].map(formatNumber)).toEqual([
      '0',
      '0',
      '1',
      '-3',
      '0.5',
      '0.333333',
      '0',
      '0',
      '1000000000000000000000',
      '123456',
      '0.0025',
    ]);
    expect(() => formatNumber(Number.NaN)).toThrow(expect.objectContaining({ code: 'ERR_PDF_UNSUPPORTED' }));
  });

  it('escapes names with #xx (7.3.5)', () => {
    expect(s(PdfName.of('A B#(c)/'))).toBe('/A#20B#23#28c#29#2F');
    expect(s(PdfName.of('印'))).toBe('/#E5#8D#B0');
  });

  it('escapes literal strings and writes hex strings', () => {
    const lit = new PdfString(Buffer.from('a(b)\\c\r\nd', 'latin1'), false);
    expect(s(lit)).toBe('(a\\(b\\)\\\\c\\r\\nd)');
    expect(s(new PdfString(Uint8Array.from([0, 0xab]), true))).toBe('<00AB>');
  });

  it('writes dicts and arrays deterministically and round-trips through the parser', () => {
    const d = new PdfDict([
      ['Type', PdfName.of('Annot')],
      ['Rect', [0, 0.5, -1, 100]],
      ['P', new PdfRef(3, 0)],
      ['T', new PdfString(Buffer.from('x)'), false)],
      ['F', true],
      ['N', null],
    ]);
    const text = s(d);
    expect(text).toBe('<</Type /Annot /Rect [0 0.5 -1 100] /P 3 0 R /T (x\\)) /F true /N null>>');
    const back = parseObjectAt(serializeObject(d), 0).object as PdfDict;
    expect(back.get('Rect')).toEqual([0, 0.5, -1, 100]);
    expect(back.get('P')).toEqual(new PdfRef(3, 0));
    expect(Buffer.from((back.get('T') as PdfString).bytes).toString()).toBe('x)');
  });

  it('sets /Length of a top-level stream and refuses nested streams', () => {
    const st = new PdfStream(new PdfDict([['Length', 99]]), Buffer.from('abc'));
    expect(s(st)).toBe('<</Length 3>>\nstream\nabc\nendstream');
    expect(() => serializeObject([st])).toThrow(expect.objectContaining({ code: 'ERR_PDF_UNSUPPORTED' }));
  });
});
