// The code unions of the packages' errors, in one place below every package (common's own, TrueType
// and PNG, sit beside their readers): each package's error class narrows OpenSealError to its union,
// and the contract's package-error table is typed by them, so a code added here without its API code
// there fails the type check.

/** @openseal/pki: DER, keys, certificates, CMS, TSA, OCSP, PKCS#11. */
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
  | 'ERR_PKCS11'
  /** A PKCS#10 certification request that is malformed, of an unaccepted key, or not signed by its key. */
  | 'ERR_CSR_INVALID';

/** @openseal/pdf-sign core: a PDF that cannot be read. */
export type PdfErrorCode =
  | 'ERR_PDF_MALFORMED'
  | 'ERR_PDF_ENCRYPTED'
  | 'ERR_PDF_TOO_LARGE'
  | 'ERR_PDF_TOO_COMPLEX'
  | 'ERR_PDF_UNSUPPORTED';

/** @openseal/pdf-sign verifier: a document that cannot be read at all, or options it refuses. */
export type VerifyErrorCode = PdfErrorCode | 'ERR_VERIFY_OPTIONS';

/** @openseal/pdf-sign signer. */
export type SignErrorCode =
  | 'ERR_SIGN_OPTIONS'
  | 'ERR_SIGN_CERTIFY_NOT_FIRST'
  | 'ERR_SIGN_LOCKED'
  | 'ERR_SIGN_FIELD_MISMATCH'
  | 'ERR_SIGN_CONTENTS_TOO_SMALL'
  | 'ERR_SIGN_KEYWORD_NOT_FOUND'
  | 'ERR_SIGN_PAGE_OUT_OF_RANGE'
  /** A signature value from a key held elsewhere that does not verify over what was prepared. */
  | 'ERR_SIGN_BAD_SIGNATURE'
  /** A prepared signature whose file or state no longer matches what was prepared. */
  | 'ERR_SIGN_PREPARED_CHANGED';

/** @openseal/pdf-sign seal appearance. */
export type AppearanceErrorCode =
  /** The seal description itself is unusable (empty name, non-positive size, unknown kind). */
  | 'ERR_SEAL_SPEC_INVALID'
  /** The text cannot be drawn: a character is missing from the seal font, or the text is too long to fit. */
  | 'ERR_SEAL_TEXT_UNSUPPORTED'
  /** The PNG/SVG is malformed, too large, or refers to external resources. */
  | 'ERR_SEAL_IMAGE_INVALID'
  /** A placement request cannot be satisfied (no pages, a seal larger than the page, a bad rotation). */
  | 'ERR_SEAL_PLACEMENT_INVALID'
  /** The PDF could not be read to look for a keyword. */
  | 'ERR_KEYWORD_SEARCH_FAILED';

/** @openseal/pdf-sign text extraction (pdf.js). */
export type TextExtractErrorCode =
  /** pdfjs-dist is not installed. */
  | 'ERR_TEXT_EXTRACTOR_MISSING'
  /** The file is not a PDF pdf.js can read, or a page's text cannot be decoded. */
  | 'ERR_TEXT_PDF_UNREADABLE'
  /** The PDF has more pages than the limit; nothing is returned rather than a partial text. */
  | 'ERR_TEXT_PAGE_LIMIT';

/** @openseal/templates: a template that cannot compile, an input that does not fit, a glyph outside the font. */
export type TemplateErrorCode = 'ERR_TEMPLATE_INVALID' | 'ERR_TEMPLATE_INPUT' | 'ERR_TEMPLATE_GLYPH';
