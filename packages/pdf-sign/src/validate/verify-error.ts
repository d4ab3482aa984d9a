// Documents that cannot be read at all. A readable document with bad signatures gets a report instead.

export type VerifyErrorCode =
  | 'ERR_PDF_MALFORMED'
  | 'ERR_PDF_ENCRYPTED'
  | 'ERR_PDF_TOO_LARGE'
  | 'ERR_PDF_TOO_COMPLEX'
  | 'ERR_PDF_UNSUPPORTED'
  | 'ERR_VERIFY_OPTIONS';

export class VerifyError extends Error {
  readonly code: VerifyErrorCode;

  constructor(code: VerifyErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VerifyError';
    this.code = code;
  }
}
