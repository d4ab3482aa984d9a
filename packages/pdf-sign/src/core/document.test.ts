import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from './document.ts';
import { IncrementalWriter } from './incremental-writer.ts';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from './objects.ts';
import { parseIndirectObjectAt } from './parser.ts';
import { flateStream } from './stream-builders.ts';
import { classicPdf, concat, MINIMAL_OBJECTS, run, scratch, transform } from './test-fixtures.ts';

const dir = scratch();

async function pdfLib(pages: number, useObjectStreams: boolean): Promise<Uint8Array> {
  const p = await PDFDocument.create();
  for (let i = 0; i < pages; i++) p.addPage([600, 800]).drawText(`page ${i + 1}`, { x: 50, y: 700 });
  return p.save({ useObjectStreams });
}

/** Updates the catalog and adds an annotation with an appearance stream, as a signer would. */
function update(doc: PdfDocument): Uint8Array {
  const w = new IncrementalWriter(doc);
  const ap = flateStream(
    new PdfDict([
      ['Subtype', PdfName.of('Form')],
      ['BBox', [0, 0, 10, 10]],
    ]),
    Buffer.from('0 0 m 10 10 l S'),
  );
  const annot = w.add(
    new PdfDict([
      ['Type', PdfName.of('Annot')],
      ['Subtype', PdfName.of('Square')],
      ['Rect', [0, 0, 10, 10]],
      ['AP', new PdfDict([['N', ap]])],
    ]),
  );
  const cat = new PdfDict(doc.catalog().map).set('OpenSealTest', annot);
  w.set(doc.catalogRef(), cat);
  return w.finish().bytes;
}

/** qpdf --check without warnings, mutool without errors, and our own re-parse. */
function checkRoundTrip(original: Uint8Array): PdfDocument {
  const doc = PdfDocument.parse(original);
  const out = update(doc);
  expect(Buffer.from(out.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
  const file = join(dir, `rt-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, out);
  const q = run('qpdf', ['--check', file]);
  expect(q.out).toContain('No syntax or stream encoding errors found');
  expect(q.out).not.toMatch(/WARNING/i);
  expect(q.code).toBe(0);
  const m = run('mutool', ['show', file, 'trailer']);
  expect(m.out, m.out).not.toMatch(/error|warning/i);
  expect(m.code).toBe(0);
  expect(run('mutool', ['info', file]).out).not.toMatch(/error|warning/i);

  const again = PdfDocument.parse(out);
  expect(again.revisions.length).toBe(doc.revisions.length + 1);
  const [before, after] = [doc.revisions[0]!, again.revisions[0]!];
  expect(after.xrefOffset).toBe(before.xrefOffset);
  expect(after.sectionStart).toBe(before.sectionStart);
  // A file ending in "%%EOF" without EOL gets one from the writer, and it then counts as revision 0's EOL.
  const eolAdded = original[original.length - 1] !== 0x0a && original[original.length - 1] !== 0x0d ? 1 : 0;
  expect(after.endOffset).toBe(before.endOffset + (before.endOffset === original.length ? eolAdded : 0));
  expect(after.kind).toBe(before.kind);
  expect([...after.entries]).toEqual([...before.entries]);
  const newest = again.revisions[again.revisions.length - 1]!;
  expect(newest.kind).toBe(doc.revisions[doc.revisions.length - 1]!.kind === 'stream' ? 'stream' : 'table');
  expect(newest.endOffset).toBe(out.length);
  const annot = again.resolveDict(again.catalog().get('OpenSealTest'));
  expect(annot?.name('Subtype')).toBe('Square');
  const ap = again.resolve(again.resolveDict(annot!.get('AP'))!.get('N'));
  expect(ap).toBeInstanceOf(PdfStream);
  expect(Buffer.from(again.decodeStream(ap as PdfStream)).toString()).toBe('0 0 m 10 10 l S');
  expect(
    again
      .atRevision(again.revisions.length - 2)
      .catalog()
      .has('OpenSealTest'),
  ).toBe(false);
  expect(again.pages().length).toBe(doc.pages().length);
  return again;
}

describe('PdfDocument on files from real producers', () => {
  let lib: Uint8Array;
  let libStreams: Uint8Array;
  beforeAll(async () => {
    lib = await pdfLib(3, false);
    libStreams = await pdfLib(3, true);
  });

  it('pdf-lib, classic xref table', () => {
    const doc = PdfDocument.parse(lib);
    expect(doc.revisions.map((r) => r.kind)).toEqual(['table']);
    expect(doc.headerVersion).toBe('1.7');
    expect(doc.pages().map((p) => p.mediaBox)).toEqual([
      [0, 0, 600, 800],
      [0, 0, 600, 800],
      [0, 0, 600, 800],
    ]);
    checkRoundTrip(lib);
  });

  it('pdf-lib, xref stream and object streams', () => {
    const doc = PdfDocument.parse(libStreams);
    expect(doc.revisions.map((r) => r.kind)).toEqual(['stream']);
    expect([...doc.revisions[0]!.entries.values()].some((e) => e.type === 'compressed')).toBe(true);
    expect(doc.pages().length).toBe(3);
    checkRoundTrip(libStreams);
  });

  it('mutool create and mutool clean -gg', () => {
    const page = join(dir, 'page.txt');
    writeFileSync(page, '%%MediaBox 0 0 300 400\n%%Rotate 90\nBT /F1 12 Tf 10 10 Td (hi) Tj ET\n');
    const out = join(dir, 'created.pdf');
    expect(run('mutool', ['create', '-o', out, page]).code).toBe(0);
    const created = PdfDocument.parse(new Uint8Array(readFileSync(out)));
    expect(created.pages()[0]!.rotate).toBe(90);
    checkRoundTrip(created.bytes);
    checkRoundTrip(transform(dir, libStreams, 'mutool', (i, o) => ['clean', '-gg', i, o]));
  });

  it('qpdf object streams and linearization', () => {
    const os = transform(dir, lib, 'qpdf', (i, o) => ['--object-streams=generate', i, o]);
    expect(PdfDocument.parse(os).revisions[0]!.kind).toBe('stream');
    checkRoundTrip(os);
    // F.3: the first-page and main xref sections of a linearized file form one revision.
    const lin = transform(dir, lib, 'qpdf', (i, o) => ['--linearize', i, o]);
    const linDoc = PdfDocument.parse(lin);
    expect(linDoc.revisions.length).toBe(1);
    expect(linDoc.revisions[0]!.endOffset).toBe(lin.length);
    checkRoundTrip(lin);
  });

  it('keeps three revisions apart after two updates', () => {
    const once = update(PdfDocument.parse(lib));
    const twice = update(PdfDocument.parse(once));
    const doc = PdfDocument.parse(twice);
    expect(doc.revisions.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(doc.revisions[1]!.endOffset).toBe(once.length);
    const catNum = doc.catalogRef().num;
    expect(doc.revisionOf(catNum)).toBe(2);
    expect(doc.atRevision(1).revisionOf(catNum)).toBe(1);
    expect(doc.atRevision(0).revisionOf(catNum)).toBe(0);
    const first = doc.atRevision(1).resolveDict(doc.atRevision(1).catalog().get('OpenSealTest'));
    const second = doc.resolveDict(doc.catalog().get('OpenSealTest'));
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    expect(doc.objectNumbers().length).toBeGreaterThan(doc.atRevision(0).objectNumbers().length);
    expect(doc.atRevision(0).locate(catNum)).toEqual(PdfDocument.parse(lib).locate(catNum));
    expect(() => new IncrementalWriter(doc.atRevision(1))).toThrow(
      expect.objectContaining({ code: 'ERR_PDF_UNSUPPORTED' }),
    );
  });
});

describe('PdfDocument structure', () => {
  it('inherits MediaBox and Rotate through the page tree', () => {
    const doc = PdfDocument.parse(classicPdf(MINIMAL_OBJECTS).bytes);
    const [page] = doc.pages();
    expect(page!.mediaBox).toEqual([0, 0, 595, 842]);
    expect(page!.cropBox).toEqual([0, 0, 595, 842]);
    expect(page!.rotate).toBe(90);
    expect(page!.ref).toEqual(new PdfRef(3, 0));
    expect(doc.nextObjectNumber).toBe(5);
    expect(doc.objectNumbers()).toEqual([1, 2, 3, 4]);
    expect(doc.getObject(new PdfRef(3, 1))).toBeUndefined();
    expect(doc.getObject(99)).toBeUndefined();
  });

  it('reads a hybrid file (table + /XRefStm, 7.5.8.4)', () => {
    const head = '%PDF-1.5\n';
    const body3 = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 200] >>';
    const objs = `${MINIMAL_OBJECTS[1]} << /Type /Pages /Kids [3 0 R] /Count 1 >> ${body3}`;
    const o2 = MINIMAL_OBJECTS[1]!.length + 1;
    const o3 = o2 + '<< /Type /Pages /Kids [3 0 R] /Count 1 >> '.length;
    const header = `1 0 2 ${o2} 3 ${o3} `;
    const objStm = `5 0 obj\n<< /Type /ObjStm /N 3 /First ${header.length} /Length ${header.length + objs.length} >>\nstream\n${header}${objs}\nendstream\nendobj\n`;
    const o5 = head.length;
    const o6 = o5 + objStm.length;
    const rows = [
      [0, 0, 0],
      [2, 5, 0],
      [2, 5, 1],
      [2, 5, 2],
      [0, 0, 0],
      [1, o5, 0],
      [1, o6, 0],
    ];
    const data = Buffer.from(rows.flatMap(([t, a, b]) => [t!, (a! >> 8) & 255, a! & 255, b!]));
    const xstm = concat([
      `6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Length ${data.length} >>\nstream\n`,
      data,
      '\nendstream\nendobj\n',
    ]);
    const xrefAt = o6 + xstm.length;
    // Objects stored in the object stream are left out of the table; only /XRefStm lists them.
    const table = `xref\n0 1\n0000000000 65535 f\r\n5 2\n${String(o5).padStart(10, '0')} 00000 n\r\n${String(o6).padStart(10, '0')} 00000 n\r\n`;
    const bytes = concat([
      head,
      objStm,
      xstm,
      table,
      `trailer\n<< /Size 7 /Root 1 0 R /XRefStm ${o6} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
    ]);
    const doc = PdfDocument.parse(bytes);
    expect(doc.revisions[0]!.kind).toBe('hybrid');
    expect(doc.locate(3)).toEqual({ type: 'compressed', objStm: 5, index: 2 });
    expect(doc.pages()[0]!.mediaBox).toEqual([0, 0, 100, 200]);
    checkRoundTrip(bytes);
  });

  it('hoists nested streams into their own objects and reports object offsets', () => {
    const doc = PdfDocument.parse(classicPdf(MINIMAL_OBJECTS).bytes);
    const w = new IncrementalWriter(doc);
    const stream = new PdfStream(new PdfDict(), Buffer.from('q Q'));
    const holder = new PdfDict([
      [
        'Inner',
        new PdfDict([
          ['S', stream],
          ['Again', stream],
        ]),
      ],
    ]);
    const ref = w.add(holder);
    const sig = w.add(new PdfDict([['Contents', new PdfString(new Uint8Array(8), true)]]));
    const { bytes, objectOffsets } = w.finish({ trailerExtras: { Extra: true } });
    expect(holder.get('Inner')).toBeInstanceOf(PdfDict);
    expect((holder.get('Inner') as PdfDict).get('S')).toBe(stream); // the caller's object is untouched
    const again = PdfDocument.parse(bytes);
    const inner = again.resolveDict(again.resolveDict(ref)!.get('Inner'))!;
    expect(inner.get('S')).toBeInstanceOf(PdfRef);
    expect(inner.get('S')).toEqual(inner.get('Again'));
    expect(again.revisions[1]!.trailer.get('Extra')).toBe(true);
    expect(again.revisions[1]!.trailer.get('Prev')).toBe(doc.revisions[0]!.xrefOffset);
    const span = objectOffsets.get(sig.num)!;
    const parsed = parseIndirectObjectAt(bytes, span.start);
    expect(parsed.num).toBe(sig.num);
    expect(parsed.end).toBe(span.end - 1);
    const contents = (parsed.object as PdfDict).get('Contents') as PdfString;
    expect(Buffer.from(bytes.subarray(contents.span!.start, contents.span!.end)).toString()).toBe(
      '<0000000000000000>',
    );
  });

  it('hoists streams held in a stream dictionary (form -> image -> /SMask) and passes qpdf', () => {
    const doc = PdfDocument.parse(classicPdf(MINIMAL_OBJECTS).bytes);
    const w = new IncrementalWriter(doc);
    const smask = flateStream(new PdfDict([['Subtype', PdfName.of('Image')]]), Buffer.alloc(4, 255));
    const image = flateStream(
      new PdfDict([
        ['Subtype', PdfName.of('Image')],
        ['SMask', smask],
      ]),
      Buffer.alloc(12),
    );
    const form = flateStream(
      new PdfDict([
        ['Subtype', PdfName.of('Form')],
        ['BBox', [0, 0, 10, 10]],
        ['Resources', new PdfDict([['XObject', new PdfDict([['Im0', image]])]])],
      ]),
      Buffer.from('q 10 0 0 10 0 0 cm /Im0 Do Q'),
    );
    const formRef = w.add(form);
    const { bytes } = w.finish();
    const again = PdfDocument.parse(bytes);
    const written = again.getObject(formRef) as PdfStream;
    const xobjects = again.resolveDict(again.resolveDict(written.dict.get('Resources'))!.get('XObject'))!;
    expect(xobjects.get('Im0')).toBeInstanceOf(PdfRef);
    expect((again.resolve(xobjects.get('Im0')) as PdfStream).dict.get('SMask')).toBeInstanceOf(PdfRef);
    const file = join(dir, 'nested-streams.pdf');
    writeFileSync(file, bytes);
    expect(run('qpdf', ['--check', file])).toMatchObject({ code: 0 });
  });

  it('keeps the first /ID and changes the second', () => {
    const doc = PdfDocument.parse(classicPdf(MINIMAL_OBJECTS, '/ID [<0102> <0102>]').bytes);
    const again = PdfDocument.parse(update(doc));
    const [a, b] = doc.trailer.get('ID') as PdfString[];
    const [c, d] = again.trailer.get('ID') as PdfString[];
    expect(c!.bytes).toEqual(a!.bytes);
    expect(d!.bytes).not.toEqual(b!.bytes);
  });
});
