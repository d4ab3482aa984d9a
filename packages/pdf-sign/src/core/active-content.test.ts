import { readFileSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { findActiveContent } from './active-content.ts';
import { PdfDocument } from './document.ts';
import { IncrementalWriter } from './incremental-writer.ts';
import { PdfDict, PdfName, PdfString } from './objects.ts';
import { classicPdf, MINIMAL_OBJECTS, scratch, transform } from './test-fixtures.ts';

const dir = scratch();
const corpus = new URL('../../../../../shared/corpus/', import.meta.url);

const JS = '<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>';
/** Findings in a stable order: the walk's order is not part of the contract. */
const sorted = (doc: PdfDocument) => findActiveContent(doc).sort((a, b) => a.where.localeCompare(b.where));
const find = (objects: Record<number, string>) => sorted(PdfDocument.parse(classicPdf(objects).bytes));

async function pdfLib(build: (p: PDFDocument) => Promise<void> | void): Promise<Uint8Array> {
  const p = await PDFDocument.create();
  p.addPage([600, 800]).drawText('hello', { x: 50, y: 700 });
  await build(p);
  return p.save();
}

describe('findActiveContent', () => {
  it('finds nothing in plain documents, signed ones included', async () => {
    expect(findActiveContent(PdfDocument.parse(await pdfLib(() => {})))).toEqual([]);
    expect(find(MINIMAL_OBJECTS)).toEqual([]);
    const signed = readFileSync(new URL('pdf-pyhanko/minimal-two-fields-signed-twice.pdf', corpus));
    expect(findActiveContent(PdfDocument.parse(signed))).toEqual([]);
  });

  it('names document-level scripts and attached files written by pdf-lib and qpdf', async () => {
    const bytes = await pdfLib(async (p) => {
      p.addJavaScript('greet', 'app.alert("hi")');
      await p.attach(Buffer.from('MZ'), 'payload.exe', { mimeType: 'application/octet-stream' });
    });
    expect(sorted(PdfDocument.parse(bytes))).toEqual([
      { kind: 'embedded-file', where: 'attached file "payload.exe"', name: 'payload.exe' },
      { kind: 'javascript', where: 'document-level script "greet"', name: 'greet' },
    ]);
    const attachment = `${dir}/notes.txt`;
    writeFileSync(attachment, 'hello');
    const viaQpdf = transform(dir, await pdfLib(() => {}), 'qpdf', (i, o) => [
      i,
      '--add-attachment',
      attachment,
      '--',
      o,
    ]);
    expect(findActiveContent(PdfDocument.parse(viaQpdf))).toMatchObject([
      { kind: 'embedded-file', name: 'notes.txt' },
    ]);
  });

  it('finds the open action, document and page events, chained actions and bookmarks', () => {
    const found = find({
      ...MINIMAL_OBJECTS,
      1: '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /AA << /WC 6 0 R >> /Outlines 7 0 R >>',
      3: '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /AA << /O 9 0 R >> >>',
      5: '<< /S /GoTo /D [3 0 R /Fit] /Next 10 0 R >>',
      6: JS,
      7: '<< /Type /Outlines /First 8 0 R /Last 8 0 R /Count 1 >>',
      8: '<< /Title (Intro) /Parent 7 0 R /A << /S /Launch /F (calc.exe) >> >>',
      9: JS,
      10: JS,
      11: JS, // referenced by nothing: a reader never runs it
    });
    expect(found).toEqual([
      { kind: 'launch', where: 'bookmark "Intro", when activated' },
      { kind: 'javascript', where: 'page 1, when the page opens', page: 1 },
      { kind: 'javascript', where: 'the action run when the document opens' },
      { kind: 'javascript', where: 'the document, before the document closes' },
    ]);
  });

  it('finds launch links, attachment annotations, field scripts and XFA forms on their pages', () => {
    const found = find({
      ...MINIMAL_OBJECTS,
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [7 0 R] /XFA 8 0 R >> >>',
      3: '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [5 0 R 6 0 R 7 0 R] >>',
      5: '<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /Launch /Win << /F (cmd.exe) >> >> >>',
      6:
        '<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /P 3 0 R' +
        ' /FS << /Type /Filespec /F (a.docm) /EF << /F 9 0 R >> >> >>',
      7:
        '<< /FT /Tx /T (amount) /Subtype /Widget /Rect [0 0 10 10] /P 3 0 R' +
        ' /AA << /K << /S /JavaScript /JS 10 0 R >> >> >>',
      8: '<< /Length 6 >>\nstream\n<xdp/>\nendstream',
      9: '<< /Type /EmbeddedFile /Length 2 >>\nstream\nPK\nendstream',
      10: '<< /Length 4 >>\nstream\n1+1;\nendstream',
    });
    expect(found).toEqual([
      { kind: 'embedded-file', where: 'a FileAttachment annotation on page 1', page: 1, name: 'a.docm' },
      { kind: 'launch', where: 'a Link annotation on page 1, when activated', page: 1 },
      { kind: 'javascript', where: 'form field "amount" on page 1, on each keystroke', page: 1 },
      { kind: 'xfa', where: 'the XFA form of the document' },
    ]);
  });

  it('reads a view as of a revision: content added later is absent there', async () => {
    const plain = await pdfLib(() => {});
    const doc = PdfDocument.parse(plain);
    const w = new IncrementalWriter(doc);
    const action = w.add(
      new PdfDict([
        ['S', PdfName.of('JavaScript')],
        ['JS', new PdfString(Buffer.from('this.print()'), false)],
      ]),
    );
    w.set(doc.catalogRef(), new PdfDict(doc.catalog().map).set('OpenAction', action));
    const updated = PdfDocument.parse(w.finish().bytes);
    expect(findActiveContent(updated)).toEqual([
      { kind: 'javascript', where: 'the action run when the document opens' },
    ]);
    expect(findActiveContent(updated.atRevision(0))).toEqual([]);
  });
});
