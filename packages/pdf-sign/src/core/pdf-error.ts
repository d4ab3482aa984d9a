// The one error type of the PDF core. Callers branch on `code`, never on the message.

export type PdfErrorCode =
  | 'ERR_PDF_MALFORMED'
  | 'ERR_PDF_ENCRYPTED'
  | 'ERR_PDF_TOO_LARGE'
  | 'ERR_PDF_TOO_COMPLEX'
  | 'ERR_PDF_UNSUPPORTED';

export class PdfError extends Error {
  readonly code: PdfErrorCode;

  constructor(code: PdfErrorCode, message: string) {
    super(message);
    this.name = 'PdfError';
    this.code = code;
  }
}

export const malformed = (message: string): PdfError => new PdfError('ERR_PDF_MALFORMED', message);
