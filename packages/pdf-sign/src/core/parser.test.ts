import { describe, expect, it } from 'vitest';
import { type PdfDict, PdfName, PdfRef, type PdfStream, type PdfString } from './objects.ts';
import { parseIndirectObjectAt, parseObjectAt } from './parser.ts';
import { PdfError } from './pdf-error.ts';

const b = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const parse = (s: string) => parseObjectAt(b(s), 0).object;
const text = (o: unknown): string => Buffer.from((o as PdfString).bytes).toString('latin1');

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    if (e instanceof PdfError) return e.code;
    throw e;
  }
  return undefined;
};

describe('parseObjectAt', () => {
  it('reads numbers, booleans, names and references', () => {
    expect(parse('[1 -2 +3 4. -.5 0.25 true false null /A#20B 12 0 R 7 /N]')).toEqual([
      1,
      -2,
      3,
      4,
      -0.5,
      0.25,
      true,
      false,
      null,
      PdfName.of('A B'),
      new PdfRef(12, 0),
      7,
      PdfName.of('N'),
    ]);
  });

  it('decodes literal string escapes and EOLs (7.3.4.2)', () => {
    expect(text(parse('(a\\(b\\)c\\\\\\n\\101\\7x)'))).toBe('a(b)c\\\nA\x07x');
    expect(text(parse('(nested (parens) ok)'))).toBe('nested (parens) ok');
    expect(text(parse('(line\\\r\ncont\r\nnext)'))).toBe('linecont\nnext');
  });

  it('decodes hex strings, with an implied final 0 and white-space', () => {
    const s = parse('<48 65 6c6C 6>') as PdfString;
    expect(s.hex).toBe(true);
    expect([...s.bytes]).toEqual([0x48, 0x65, 0x6c, 0x6c, 0x60]);
    expect(s.span).toEqual({ start: 0, end: 14 });
  });

  it('reads dictionaries with spans, drops null entries and ignores comments', () => {
    const src = '  << /Type /Annot % comment\n /Rect [0 0 1 1] /Gone null /Sub << /X (y) >> >>';
    const { object, end } = parseObjectAt(b(src), 0);
    const d = object as PdfDict;
    expect(d.name('Type')).toBe('Annot');
    expect(d.has('Gone')).toBe(false);
    expect(d.span).toEqual({ start: 2, end: src.length });
    expect(end).toBe(src.length);
    const sub = d.get('Sub') as PdfDict;
    expect(text(sub.get('X'))).toBe('y');
    expect((sub.get('X') as PdfString).span!.start).toBe(src.indexOf('(y)'));
  });

  it('rejects broken syntax with ERR_PDF_MALFORMED', () => {
    for (const bad of [
      '<< /A >>',
      '<< 1 2 >>',
      '[1 2',
      '(open',
      '<12 zz>',
      ']',
      'foo',
      '1.2.3',
      '<< /A 1 ]',
    ]) {
      expect(
        codeOf(() => parse(bad)),
        bad,
      ).toBe('ERR_PDF_MALFORMED');
    }
  });

  it('refuses 100k-deep nesting with ERR_PDF_TOO_COMPLEX without recursion', () => {
    const t = performance.now();
    expect(codeOf(() => parse('['.repeat(100_000)))).toBe('ERR_PDF_TOO_COMPLEX');
    expect(codeOf(() => parse('<< /A '.repeat(100_000)))).toBe('ERR_PDF_TOO_COMPLEX');
    expect(codeOf(() => parseObjectAt(b('[[[1]]]'), 0, { maxDepth: 2 }))).toBe('ERR_PDF_TOO_COMPLEX');
    expect(parseObjectAt(b('[[[1]]]'), 0, { maxDepth: 3 }).object).toEqual([[[1]]]);
    expect(performance.now() - t).toBeLessThan(500);
  });
});

describe('parseIndirectObjectAt', () => {
  it('reads a stream by its direct /Length', () => {
    const src = 'xx 5 0 obj\n<< /Length 5 >>\nstream\r\nhello\nendstream\nendobj\n';
    const o = parseIndirectObjectAt(b(src), 3);
    expect(o.num).toBe(5);
    expect(o.start).toBe(3);
    expect(o.end).toBe(src.indexOf('endobj') + 6);
    const s = o.object as PdfStream;
    expect(Buffer.from(s.data).toString()).toBe('hello');
    expect(o.lengthMismatch).toBeUndefined();
    expect(s.span).toEqual({ start: src.indexOf('<<'), end: src.indexOf('endstream') + 9 });
  });

  it('resolves an indirect /Length through the callback', () => {
    const src = '1 0 obj << /Length 9 0 R >> stream\nab endstream\nendobj';
    const o = parseIndirectObjectAt(b(src), 0, (r) => (r.num === 9 ? 2 : undefined));
    expect(Buffer.from((o.object as PdfStream).data).toString()).toBe('ab');
    expect(o.lengthMismatch).toBeUndefined();
  });

  it('falls back to searching endstream when /Length lies, and says so', () => {
    const src = '1 0 obj << /Length 2 >> stream\nabcdef\nendstream\nendobj';
    const o = parseIndirectObjectAt(b(src), 0);
    expect(Buffer.from((o.object as PdfStream).data).toString()).toBe('abcdef');
    expect(o.lengthMismatch).toBe(true);
  });

  it('requires "N G obj" and "endobj"', () => {
    expect(codeOf(() => parseIndirectObjectAt(b('1 0 ob (x) endobj'), 0))).toBe('ERR_PDF_MALFORMED');
    expect(codeOf(() => parseIndirectObjectAt(b('1 0 obj (x)'), 0))).toBe('ERR_PDF_MALFORMED');
    expect(codeOf(() => parseIndirectObjectAt(b('1 0 obj << >> stream\nabc'), 0))).toBe('ERR_PDF_MALFORMED');
  });
});
