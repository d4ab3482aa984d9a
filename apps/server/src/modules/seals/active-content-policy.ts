import { findActiveContent, type PdfDocument } from '@openseal/pdf-sign';
import { AppError } from '../../errors.ts';

/**
 * A seal vouches for what a reader sees; a script, a launch action, an attached file or an XFA form
 * can show or run something else, so such a file is refused before it is sealed (or even submitted
 * for approval), each finding named in the error's details.
 */
export function refuseActiveContent(doc: PdfDocument): void {
  const found = findActiveContent(doc);
  if (found.length === 0) return;
  throw new AppError(
    'ERR_PDF_ACTIVE_CONTENT',
    `the PDF holds active content: ${[...new Set(found.map((f) => f.kind))].join(', ')}`,
    found.map((f) => `${f.kind}: ${f.where}${f.name === undefined ? '' : ` (${f.name})`}`),
  );
}
