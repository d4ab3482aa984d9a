import { PdfDocument, PdfError } from '@openseal/pdf-sign';
import { AppError, packageRefusal } from '../../errors.ts';
import { refuseActiveContent } from '../seals/active-content-policy.ts';
import { officeFormat, officeToPdf } from './office-to-pdf.ts';

/** Whether the bytes start like a PDF (ISO 32000-2 7.5.2 allows a little junk before the header). */
function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/**
 * The PDF a request carries: a PDF as uploaded, or a Word/Excel/OpenDocument file converted by
 * LibreOffice; parsed once so a broken or encrypted file, or one with active content, is refused at
 * submission rather than at stamping. Returns the PDF and its file name.
 */
export async function requestPdf(
  name: string,
  bytes: Uint8Array,
): Promise<{ name: string; bytes: Uint8Array }> {
  if (looksLikePdf(bytes)) return { name, bytes: requirePdf(bytes) };
  const ext = officeFormat(name, bytes);
  if (!ext)
    throw new AppError(
      'ERR_REQUEST_FILE_INVALID',
      'the file is neither a PDF nor a Word, Excel or OpenDocument file',
    );
  const pdf = await officeToPdf(bytes, ext);
  return { name: `${name.slice(0, name.length - ext.length - 1)}.pdf`, bytes: requirePdf(pdf) };
}

function requirePdf(bytes: Uint8Array): Uint8Array {
  if (!looksLikePdf(bytes)) throw new AppError('ERR_REQUEST_FILE_INVALID', 'the file is not a PDF');
  try {
    // Refused at submission already: approvers should not approve a file that cannot be stamped.
    refuseActiveContent(PdfDocument.parse(bytes));
  } catch (e) {
    if (e instanceof PdfError) throw packageRefusal('requestFile', e, `the PDF cannot be read: ${e.code}`);
    throw e;
  }
  return bytes;
}
