/** Stable error codes of the PKI package. Callers branch on `code`, never on message text. */
export type PkiErrorCode =
  | 'ERR_ASN1_MALFORMED'
  | 'ERR_KEY_PASSPHRASE'
  | 'ERR_KEY_PASSPHRASE_WEAK'
  | 'ERR_KEY_UNSUPPORTED'
  | 'ERR_PKI_NOT_FOUND'
  | 'ERR_PKI_EXISTS'
  | 'ERR_CERT_INVALID'
  | 'ERR_TSA_FAILED'
  | 'ERR_OCSP_FAILED'
  | 'ERR_CMS_INVALID'
  | 'ERR_PKCS11';

export class PkiError extends Error {
  readonly code: PkiErrorCode;

  constructor(code: PkiErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PkiError';
    this.code = code;
  }
}
