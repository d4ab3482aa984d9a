// Every producer's file, sealed at B-T with a visible round seal, judged by poppler, qpdf and MuPDF.

import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { sign } from '../../src/sign/sign.ts';
import { mutoolCheck, pdfsig, qpdfCheck } from '../support/validators.ts';
import { createTestPki, FIXTURE_NAMES, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

async function pdfLibDocument(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Transcript', {
    x: 72,
    y: 760,
    size: 18,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  return doc.save();
}

describe('B-T visible seal on files from other producers', () => {
  const cases: [string, () => Promise<Uint8Array>][] = [
    ...FIXTURE_NAMES.map((n): [string, () => Promise<Uint8Array>] => [n, async () => fixture(n)]),
    ['pdf-lib (object streams)', pdfLibDocument],
  ];
  it.each(cases)('%s', async (name, load) => {
    const input = await load();
    const out = await sign(input, t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 420, y: 200 },
      reason: '成绩证明',
      location: '示范大学教务处',
    });
    // The original bytes are untouched: one incremental update.
    expect(Buffer.from(out.subarray(0, input.length)).equals(Buffer.from(input))).toBe(true);
    expect(PdfDocument.parse(out).revisions.length).toBe(PdfDocument.parse(input).revisions.length + 1);
    const file = t.save(`${name.replace(/\W+/g, '-')}.signed.pdf`, out);
    const { signatures, output } = pdfsig(file, t.rootPem);
    expect(signatures.length, output).toBe(1);
    expect(signatures[0], output).toMatchObject({
      valid: true,
      trusted: true,
      totalDocumentSigned: true,
      signatureType: 'ETSI.CAdES.detached',
    });
    const qpdf = qpdfCheck(file);
    expect(qpdf.ok, qpdf.output).toBe(true);
    const mutool = mutoolCheck(file);
    expect(mutool.ok, mutool.output).toBe(true);
  });
});
