import { PdfDocument, PdfError } from '@openseal/pdf-sign';
import { AppError } from '../../errors.ts';

/** Whether the bytes start like a PDF (ISO 32000-2 7.5.2 allows a little junk before the header). */
function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * The PDF a seal-use request carries: a PDF as uploaded, parsed once so a broken or encrypted file is
 * refused at submission rather than at stamping. Office documents are converted by the caller first.
 */
export function requirePdf(bytes: Uint8Array): Uint8Array {
  if (!looksLikePdf(bytes)) throw new AppError('ERR_REQUEST_FILE_INVALID', 'the file is not a PDF');
  try {
    PdfDocument.parse(bytes);
  } catch (e) {
    if (e instanceof PdfError)
      throw new AppError('ERR_REQUEST_FILE_INVALID', `the PDF cannot be read: ${e.code}`);
    throw e;
  }
  return bytes;
}
