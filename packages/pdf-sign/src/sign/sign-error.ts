// The one error type of the signer. Callers branch on `code`, never on the message.

export type SignErrorCode =
  | 'ERR_SIGN_OPTIONS'
  | 'ERR_SIGN_CERTIFY_NOT_FIRST'
  | 'ERR_SIGN_LOCKED'
  | 'ERR_SIGN_FIELD_MISMATCH'
  | 'ERR_SIGN_CONTENTS_TOO_SMALL'
  | 'ERR_SIGN_KEYWORD_NOT_FOUND'
  | 'ERR_SIGN_PAGE_OUT_OF_RANGE';

export class SignError extends Error {
  readonly code: SignErrorCode;

  constructor(code: SignErrorCode, message: string) {
    super(message);
    this.name = 'SignError';
    this.code = code;
  }
}
