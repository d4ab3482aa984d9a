// Unsigned sample PDFs for the benchmarks, made with pdf-lib (a common producer).
import { PDFDocument, StandardFonts } from 'pdf-lib';

export async function samplePdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`Demo University transcript, page ${i + 1}`, { x: 72, y: 770, size: 16, font });
    for (let row = 0; row < 40; row++) {
      page.drawText(`Course ${row + 1}  Credits 3  Grade ${60 + ((row * 7) % 40)}`, {
        x: 72,
        y: 730 - row * 15,
        size: 10,
        font,
      });
    }
  }
  return doc.save({ useObjectStreams: false });
}
