// Hostile and damaged input: every failure is a PdfError with a stable code, and comes fast.

import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ParseOptions, PdfDocument } from './document.ts';
import { IncrementalWriter } from './incremental-writer.ts';
import { PdfRef, PdfStream } from './objects.ts';
import { PdfError } from './pdf-error.ts';
import { classicPdf, concat, MINIMAL_OBJECTS, row, xrefStreamPdf } from './test-fixtures.ts';

/** Parses and touches everything a signer or verifier would; returns the error code or 'ok'. */
function outcome(bytes: Uint8Array, options?: ParseOptions): string {
  try {
    const doc = PdfDocument.parse(bytes, options);
    doc.catalog();
    doc.pages();
    for (const n of doc.objectNumbers()) {
      const o = doc.getObject(n);
      if (o instanceof PdfStream) doc.decodeStream(o);
    }
    return 'ok';
  } catch (e) {
    if (e instanceof PdfError) return e.code;
    throw e;
  }
}

const withObjects = (extra: Record<number, string>, trailer = '') =>
  classicPdf({ ...MINIMAL_OBJECTS, ...extra }, trailer).bytes;

const latin1 = (u: Uint8Array) => Buffer.from(u).toString('latin1');
const bytesOf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('malformed files', () => {
  let good: Uint8Array;
  beforeAll(async () => {
    const p = await PDFDocument.create();
    p.addPage().drawText('hello');
    good = await p.save({ useObjectStreams: true });
  });

  it('refuses non-PDF input', () => {
    expect(outcome(new Uint8Array(0))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(bytesOf('\x89PNG\r\n\x1a\n not a pdf at all'))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(bytesOf('%PDF-x.y\n'))).toBe('ERR_PDF_MALFORMED');
    expect(outcome('not bytes' as unknown as Uint8Array)).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses a file larger than maxBytes before parsing', () => {
    expect(outcome(good, { maxBytes: 100 })).toBe('ERR_PDF_TOO_LARGE');
  });

  it('refuses truncated files, whatever the cut', () => {
    const t = performance.now();
    // A cut after the final startxref offset leaves a usable file: like other readers, the parser
    // does not insist on the "%%EOF" marker once the trailer is whole. Every earlier cut is refused.
    const text = latin1(good);
    const tail = /startxref\s+\d+/g;
    tail.lastIndex = text.lastIndexOf('startxref');
    const lastOffset = tail.exec(text);
    if (!lastOffset) throw new Error('fixture has no startxref');
    const usable = lastOffset.index + lastOffset[0].length;
    for (let cut = 0; cut < usable; cut += 3) {
      const code = outcome(good.subarray(0, cut));
      expect(code, `cut at ${cut}`).not.toBe('ok');
    }
    expect(performance.now() - t).toBeLessThan(3000);
  });

  it('survives random corruption with typed errors only', () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const plain = classicPdf(MINIMAL_OBJECTS).bytes;
    for (const base of [good, plain]) {
      for (let i = 0; i < 400; i++) {
        const b = Uint8Array.from(base);
        for (let k = 0; k < 3; k++) b[rand() % b.length] = rand() & 0xff;
        expect([
          'ok',
          'ERR_PDF_MALFORMED',
          'ERR_PDF_TOO_COMPLEX',
          'ERR_PDF_UNSUPPORTED',
          'ERR_PDF_TOO_LARGE',
        ]).toContain(outcome(b));
        expect([
          'ok',
          'ERR_PDF_MALFORMED',
          'ERR_PDF_TOO_COMPLEX',
          'ERR_PDF_UNSUPPORTED',
          'ERR_PDF_TOO_LARGE',
        ]).toContain(outcome(b, { recover: true }));
      }
    }
  });

  it('ignores garbage after %%EOF but shows it through endOffset', () => {
    const junked = concat([good, '\x00\xffgarbage 1 0 obj']);
    const doc = PdfDocument.parse(junked);
    expect(doc.revisions[0]!.endOffset).toBe(good.length);
    expect(outcome(junked)).toBe('ok');
  });

  it('refuses a startxref that points to nonsense', () => {
    const { bytes, xrefOffset } = classicPdf(MINIMAL_OBJECTS);
    const text = latin1(bytes);
    const at = text.lastIndexOf(`startxref\n${xrefOffset}`);
    const point = (n: number) => bytesOf(`${text.slice(0, at)}startxref\n${n}\n%%EOF\n`);
    expect(outcome(point(5))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(point(999_999))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(point(xrefOffset + 2))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(bytesOf(text.replace('startxref', 'startxrex')))).toBe('ERR_PDF_MALFORMED');
    // Recovery: a pointer a few bytes off still finds its section, and the revision is kept.
    const near = PdfDocument.parse(point(xrefOffset + 2), { recover: true });
    expect(near.recovered).toBe(true);
    expect(near.revisions[0]!.sectionStart).toBe(xrefOffset);
    expect(near.pages().length).toBe(1);
    expect(() => new IncrementalWriter(near)).toThrow(
      expect.objectContaining({ code: 'ERR_PDF_UNSUPPORTED' }),
    );
    // Without any xref, recovery rebuilds one revision from the object headers.
    const rebuilt = PdfDocument.parse(bytesOf(text.slice(0, text.indexOf('xref'))), { recover: true });
    expect(rebuilt.revisions.length).toBe(1);
    expect(rebuilt.pages()[0]!.mediaBox).toEqual([0, 0, 595, 842]);
  });

  it('refuses /Prev loops', () => {
    const { xrefOffset } = classicPdf(MINIMAL_OBJECTS);
    expect(outcome(withObjects({}, `/Prev ${xrefOffset}`))).toBe('ERR_PDF_MALFORMED');
    // Two sections pointing at each other (a fixed-width placeholder keeps the offsets right).
    const first = classicPdf(MINIMAL_OBJECTS, '/Prev 000');
    const secondAt = first.bytes.length;
    const patched = latin1(first.bytes).replace('/Prev 000', `/Prev ${String(secondAt).padStart(3, '0')}`);
    const looped = concat([
      patched,
      `xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 5 /Root 1 0 R /Prev ${first.xrefOffset} >>\n`,
      `startxref\n${secondAt}\n%%EOF\n`,
    ]);
    expect(outcome(looped)).toBe('ERR_PDF_MALFORMED');
    expect(PdfDocument.parse(looped, { recover: true }).revisions.length).toBe(2);
  });

  it('refuses objects that are not where the xref says', () => {
    const { bytes, offsets } = classicPdf(MINIMAL_OBJECTS);
    const text = latin1(bytes);
    const o3 = offsets.get(3)!;
    const swapped = bytesOf(`${text.slice(0, o3)}9${text.slice(o3 + 1)}`); // "9 0 obj" where 3 should be
    expect(outcome(swapped)).toBe('ERR_PDF_MALFORMED');
    const entry = `${String(o3).padStart(10, '0')} 00000 n`;
    const shifted = bytesOf(text.replace(entry, `${String(o3 + 3).padStart(10, '0')} 00000 n`));
    expect(outcome(shifted)).toBe('ERR_PDF_MALFORMED');
    expect(outcome(shifted, { recover: true })).toBe('ok');
    const beyond = bytesOf(text.replace(entry, '0099999999 00000 n'));
    expect(outcome(beyond)).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses bad stream lengths only when endstream is missing', () => {
    expect(outcome(withObjects({ 4: '<< /Length 9999 >>\nstream\n0 0 m S\nendstream' }))).toBe('ok');
    expect(outcome(withObjects({ 4: '<< /Length 5 0 R >>\nstream\n0 0 m S\nendstream', 5: '7' }))).toBe('ok');
    expect(outcome(withObjects({ 4: '<< /Length 4 0 R >>\nstream\n0 0 m S\nendstream' }))).toBe('ok');
    expect(outcome(withObjects({ 4: '<< /Length 8 >>\nstream\n0 0 m S\n' }))).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses reference loops: /Kids cycles and reference chains', () => {
    expect(outcome(withObjects({ 2: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>' }))).toBe(
      'ERR_PDF_MALFORMED',
    );
    expect(outcome(withObjects({ 3: '<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R >>' }))).toBe(
      'ERR_PDF_MALFORMED',
    );
    const doc = PdfDocument.parse(withObjects({ 5: '6 0 R', 6: '5 0 R', 7: '7 0 R' }));
    expect(() => doc.resolve(new PdfRef(5, 0))).toThrow(
      expect.objectContaining({ code: 'ERR_PDF_MALFORMED' }),
    );
    expect(() => doc.resolve(new PdfRef(7, 0))).toThrow(
      expect.objectContaining({ code: 'ERR_PDF_MALFORMED' }),
    );
    expect(doc.getObject(5)).toEqual(new PdfRef(6, 0));
  });

  it('refuses 100k-deep nesting inside an object', () => {
    const t = performance.now();
    expect(outcome(withObjects({ 5: '['.repeat(100_000) }))).toBe('ERR_PDF_TOO_COMPLEX');
    expect(outcome(withObjects({ 5: '[[[[1]]]]' }), { maxDepth: 3 })).toBe('ERR_PDF_TOO_COMPLEX');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('stops a zip bomb in a page content stream', () => {
    const bomb = deflateSync(new Uint8Array(200 * 1024 * 1024));
    const bytes = withObjects({
      4: concat([
        `<< /Length ${bomb.length} /Filter /FlateDecode >>\nstream\n`,
        bomb,
        '\nendstream',
      ]) as never,
    });
    const t = performance.now();
    expect(outcome(bytes)).toBe('ERR_PDF_TOO_LARGE');
    expect(outcome(bytes, { maxDecodedStream: 1 << 20 })).toBe('ERR_PDF_TOO_LARGE');
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('refuses encrypted documents', () => {
    expect(outcome(withObjects({ 5: '<< /Filter /Standard >>' }, '/Encrypt 5 0 R'))).toBe(
      'ERR_PDF_ENCRYPTED',
    );
  });

  it('is linear in file size (30 MB of padding)', () => {
    const pad = `<< /Length ${30 * 1024 * 1024} >>\nstream\n${'x'.repeat(30 * 1024 * 1024)}\nendstream`;
    const bytes = withObjects({ 5: pad, 6: `(${'('.repeat(10)}${')'.repeat(10)})` });
    const t = performance.now();
    expect(outcome(bytes)).toBe('ok');
    expect(performance.now() - t).toBeLessThan(5000);
  });
});

describe('xref stream edge cases (7.5.8)', () => {
  const objs = { 1: MINIMAL_OBJECTS[1]!, 2: MINIMAL_OBJECTS[2]!, 3: '<< /Type /Page /Parent 2 0 R >>' };
  const make = (dict: string, rows: (o: Map<number, number>, x: number) => number[][], widths = [1, 4, 2]) =>
    xrefStreamPdf(objs, 4, `/Size 5 /Root 1 0 R ${dict}`, (o, x) =>
      concat(rows(o, x).map((r) => row(widths, r))),
    );
  const all = (o: Map<number, number>, x: number) => [
    [0, 0, 65535],
    [1, o.get(1)!, 0],
    [1, o.get(2)!, 0],
    [1, o.get(3)!, 0],
    [1, x, 0],
  ];

  it('reads default and explicit /Index, several subsections, and a zero-width type field', () => {
    expect(outcome(make('/W [1 4 2]', all))).toBe('ok');
    expect(outcome(make('/W [1 4 2] /Index [0 5]', all))).toBe('ok');
    expect(outcome(make('/W [1 4 2] /Index [0 2 2 3]', all))).toBe('ok');
    const noType = (o: Map<number, number>, x: number) =>
      all(o, x)
        .slice(1)
        .map((r) => r.slice(1));
    const doc = PdfDocument.parse(make('/W [0 4 2] /Index [1 4]', noType, [4, 2]));
    expect(doc.locate(3)).toMatchObject({ type: 'offset', gen: 0 });
    expect(doc.pages().length).toBe(1);
  });

  it('refuses bad /W and /Index', () => {
    expect(outcome(make('/W [1 4]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 -4 2]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 9 2]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [0 0 0]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 4 2] /Index [0]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 4 2] /Index [0 6]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 4 2] /Index [0 -5]', all))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(make('/W [1 4 2] /Index [0 5 1000 99999999]', all))).toBe('ERR_PDF_TOO_COMPLEX');
    expect(outcome(make('/W 7 0 R', all))).toBe('ERR_PDF_MALFORMED');
  });

  it('refuses object streams whose /N or /First lie', () => {
    const header = '3 0 ';
    const body = '<< /Type /Page /Parent 2 0 R >>';
    const objStm = (n: number, first: number) =>
      `<< /Type /ObjStm /N ${n} /First ${first} /Length ${header.length + body.length} >>\nstream\n${header}${body}\nendstream`;
    const file = (n: number, first: number) =>
      xrefStreamPdf(
        { 1: objs[1], 2: objs[2], 5: objStm(n, first) },
        4,
        '/Size 6 /Root 1 0 R /W [1 4 2]',
        (o, x) =>
          concat(
            [
              [0, 0, 65535],
              [1, o.get(1)!, 0],
              [1, o.get(2)!, 0],
              [2, 5, 0],
              [1, x, 0],
              [1, o.get(5)!, 0],
            ].map((r) => row([1, 4, 2], r)),
          ),
      );
    expect(outcome(file(1, header.length))).toBe('ok');
    expect(outcome(file(50, header.length))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(file(1, 9999))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(file(-1, header.length))).toBe('ERR_PDF_MALFORMED');
    expect(outcome(file(1, header.length + 5))).toBe('ERR_PDF_MALFORMED');
  });
});
