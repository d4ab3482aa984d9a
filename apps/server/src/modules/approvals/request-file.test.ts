import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { requestPdf } from './request-file.ts';

async function pdfWith(build: (p: PDFDocument) => void): Promise<Uint8Array> {
  const p = await PDFDocument.create();
  p.addPage([595, 842]).drawText('contract', { x: 50, y: 700 });
  build(p);
  return p.save();
}

describe('requestPdf', () => {
  it('takes a plain PDF as it is', async () => {
    const plain = await pdfWith(() => {});
    expect((await requestPdf('contract.pdf', plain)).bytes).toBe(plain);
  });

  it('refuses at submission a PDF that runs a script when opened', async () => {
    const scripted = await pdfWith((p) => p.addJavaScript('open', 'this.submitForm("https://example.com")'));
    await expect(requestPdf('contract.pdf', scripted)).rejects.toMatchObject({
      code: 'ERR_PDF_ACTIVE_CONTENT',
      details: ['javascript: document-level script "open" (open)'],
    });
  });
});
