// The one error type of the PDF core. Callers branch on `code`, never on the message.
import { OpenSealError, type PdfErrorCode } from '@openseal/common';

export type { PdfErrorCode };

export class PdfError extends OpenSealError<PdfErrorCode> {}

export const malformed = (message: string): PdfError => new PdfError('ERR_PDF_MALFORMED', message);
