// The contract PDF the contracts bench uploads: made once with pdf-lib (two pages of course-service
// terms), its title line in an uncompressed content stream with a fixed-width number, so each
// contract's file is the same bytes with other digits there — a different file per contract at no
// cost to the load generator's core, and every cross-reference offset still right.
import { PDFDocument, StandardFonts } from 'pdf-lib';

const DIGITS = 10;
const PLACEHOLDER = '0'.repeat(DIGITS);

export interface ContractPdfTemplate {
  /** The file for contract `n`: the title reads `Course service contract No. <n>`. */
  fileFor(n: number): Uint8Array;
}

export async function contractPdfTemplate(): Promise<ContractPdfTemplate> {
  const doc = await PDFDocument.create();
  doc.setTitle('Course service contract');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const terms = [
    'Between the University (the school) and the student named below.',
    '1. The school provides the course as described in its catalogue for this term.',
    '2. The student attends, completes the assessments and keeps the rules of the school.',
    '3. Fees are due before the first week; a refund follows the published schedule.',
    '4. Either party may end this contract in writing as the regulations allow.',
  ];
  for (const [i, lines] of [
    terms,
    ['5. This contract is signed electronically by both parties.'],
  ].entries()) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, j) => {
      page.drawText(line, { x: 72, y: 700 - j * 22, size: 11, font });
    });
    page.drawText(`Page ${i + 1} of 2`, { x: 270, y: 40, size: 9, font });
  }
  // ISO 32000-2 7.8.2: a page's /Contents may be an array of streams; this one stays unfiltered so
  // its digits can be rewritten in place.
  const first = doc.getPage(0);
  const fontKey = first.node.newFontDictionary(font.name, font.ref);
  const title = doc.context.stream(
    `BT ${fontKey} 18 Tf 72 760 Td (Course service contract No. ${PLACEHOLDER}) Tj ET`,
  );
  first.node.addContentStream(doc.context.register(title));
  const bytes = await doc.save({ useObjectStreams: false });

  const at = Buffer.from(bytes).indexOf(`No. ${PLACEHOLDER})`, 0, 'latin1') + 4;
  if (at < 4) throw new Error('the contract template lost its title placeholder');
  return {
    fileFor(n) {
      const copy = new Uint8Array(bytes);
      copy.set(Buffer.from(String(n).padStart(DIGITS, '0'), 'latin1'), at);
      return copy;
    },
  };
}
