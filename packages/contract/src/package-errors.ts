// The package codes' row of the one error table: which API code (so which status and zh/en message
// in ERROR_CODES) a package's refusal becomes. The same unreadable PDF asks a different fix of
// someone sealing, submitting or verifying it, so a row is chosen by the step the server was taking.
import type {
  AppearanceErrorCode,
  PdfErrorCode,
  PkiErrorCode,
  SignErrorCode,
  TemplateErrorCode,
  VerifyErrorCode,
} from '@openseal/common';
import type { ErrorCode } from './error-codes.ts';

/** The package codes each step can meet. A code added to a package without its row fails the type check. */
interface PackageErrorStepCodes {
  /** Sealing a document (seal use, credential issuing): pdf-sign's reader, signer and seal appearance. */
  sealDocument: PdfErrorCode | SignErrorCode | AppearanceErrorCode;
  /** A file submitted with a seal-use request, refused before anyone approves it. */
  requestFile: PdfErrorCode;
  /** A file uploaded to the verifier (ERR_VERIFY_OPTIONS is the server's own mistake). */
  verifyDocument: VerifyErrorCode;
  /** A seal's appearance as saved by its admin: only a bad image has its own code. */
  sealAppearance: AppearanceErrorCode;
  /** A credential template being saved, compiled or checked against its data schema. */
  template: TemplateErrorCode;
  /** A credential drawn from a template and one record (issuing, the portal's specimen). */
  credentialRender: TemplateErrorCode;
  /** A seal key on a hardware token (PKCS#11): any failure there is the token's. */
  keyStore: PkiErrorCode;
}

/** What the server was doing when a package refused. */
export type PackageErrorStep = keyof PackageErrorStepCodes;

/** The package codes a step maps. */
export type PackageErrorCode<S extends PackageErrorStep> = PackageErrorStepCodes[S];

type PackageErrorTable = {
  readonly [S in PackageErrorStep]: Readonly<Record<PackageErrorCode<S>, ErrorCode>>;
};

const SEAL_DOCUMENT_INVALID = 'ERR_SEAL_DOCUMENT_INVALID';
const REQUEST_FILE_INVALID = 'ERR_REQUEST_FILE_INVALID';
const VERIFY_DOCUMENT_INVALID = 'ERR_VERIFY_DOCUMENT_INVALID';
const RENDER_FAILED = 'ERR_CREDENTIAL_RENDER_FAILED';
const HSM_UNAVAILABLE = 'ERR_HSM_UNAVAILABLE';

export const PACKAGE_ERROR_CODES = {
  sealDocument: {
    ERR_PDF_MALFORMED: SEAL_DOCUMENT_INVALID,
    ERR_PDF_ENCRYPTED: SEAL_DOCUMENT_INVALID,
    ERR_PDF_TOO_LARGE: SEAL_DOCUMENT_INVALID,
    ERR_PDF_TOO_COMPLEX: SEAL_DOCUMENT_INVALID,
    ERR_PDF_UNSUPPORTED: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_OPTIONS: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_CERTIFY_NOT_FIRST: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_LOCKED: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_FIELD_MISMATCH: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_CONTENTS_TOO_SMALL: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_KEYWORD_NOT_FOUND: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_PAGE_OUT_OF_RANGE: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_BAD_SIGNATURE: SEAL_DOCUMENT_INVALID,
    ERR_SIGN_PREPARED_CHANGED: SEAL_DOCUMENT_INVALID,
    ERR_SEAL_SPEC_INVALID: SEAL_DOCUMENT_INVALID,
    ERR_SEAL_TEXT_UNSUPPORTED: SEAL_DOCUMENT_INVALID,
    ERR_SEAL_IMAGE_INVALID: SEAL_DOCUMENT_INVALID,
    ERR_SEAL_PLACEMENT_INVALID: SEAL_DOCUMENT_INVALID,
    ERR_KEYWORD_SEARCH_FAILED: SEAL_DOCUMENT_INVALID,
  },
  requestFile: {
    ERR_PDF_MALFORMED: REQUEST_FILE_INVALID,
    ERR_PDF_ENCRYPTED: REQUEST_FILE_INVALID,
    ERR_PDF_TOO_LARGE: REQUEST_FILE_INVALID,
    ERR_PDF_TOO_COMPLEX: REQUEST_FILE_INVALID,
    ERR_PDF_UNSUPPORTED: REQUEST_FILE_INVALID,
  },
  verifyDocument: {
    ERR_PDF_MALFORMED: VERIFY_DOCUMENT_INVALID,
    ERR_PDF_ENCRYPTED: VERIFY_DOCUMENT_INVALID,
    ERR_PDF_TOO_LARGE: 'ERR_PAYLOAD_TOO_LARGE',
    ERR_PDF_TOO_COMPLEX: VERIFY_DOCUMENT_INVALID,
    ERR_PDF_UNSUPPORTED: VERIFY_DOCUMENT_INVALID,
    ERR_VERIFY_OPTIONS: 'ERR_INTERNAL',
  },
  sealAppearance: {
    ERR_SEAL_SPEC_INVALID: 'ERR_VALIDATION',
    ERR_SEAL_TEXT_UNSUPPORTED: 'ERR_VALIDATION',
    ERR_SEAL_IMAGE_INVALID: 'ERR_SEAL_IMAGE_INVALID',
    ERR_SEAL_PLACEMENT_INVALID: 'ERR_VALIDATION',
    ERR_KEYWORD_SEARCH_FAILED: 'ERR_VALIDATION',
  },
  template: {
    ERR_TEMPLATE_INVALID: 'ERR_TEMPLATE_INVALID',
    ERR_TEMPLATE_INPUT: 'ERR_TEMPLATE_INPUT',
    ERR_TEMPLATE_GLYPH: 'ERR_TEMPLATE_GLYPH',
  },
  credentialRender: {
    ERR_TEMPLATE_INVALID: RENDER_FAILED,
    ERR_TEMPLATE_INPUT: RENDER_FAILED,
    ERR_TEMPLATE_GLYPH: RENDER_FAILED,
  },
  keyStore: {
    ERR_ASN1_MALFORMED: HSM_UNAVAILABLE,
    ERR_KEY_PASSPHRASE: HSM_UNAVAILABLE,
    ERR_KEY_PASSPHRASE_WEAK: HSM_UNAVAILABLE,
    ERR_KEY_UNSUPPORTED: HSM_UNAVAILABLE,
    ERR_PKI_NOT_FOUND: HSM_UNAVAILABLE,
    ERR_PKI_EXISTS: HSM_UNAVAILABLE,
    ERR_CERT_INVALID: HSM_UNAVAILABLE,
    ERR_TSA_FAILED: HSM_UNAVAILABLE,
    ERR_OCSP_FAILED: HSM_UNAVAILABLE,
    ERR_CMS_INVALID: HSM_UNAVAILABLE,
    ERR_PKCS11: HSM_UNAVAILABLE,
    ERR_CSR_INVALID: HSM_UNAVAILABLE,
  },
} as const satisfies PackageErrorTable;

/** The API code a package's refusal becomes in `step`. */
export function apiCodeFor<S extends PackageErrorStep>(step: S, code: PackageErrorCode<S>): ErrorCode {
  const table: PackageErrorTable = PACKAGE_ERROR_CODES;
  return table[step][code];
}
