/**
 * @openseal/common: the few pieces every other package shares — the base error class with its
 * code union, the TrueType reader, and the PNG-to-PDF image path. It imports no other package.
 */
export type {
  AppearanceErrorCode,
  PdfErrorCode,
  PkiErrorCode,
  SignErrorCode,
  TemplateErrorCode,
  TextExtractErrorCode,
  VerifyErrorCode,
} from './error-codes.ts';
export {
  errorMessage,
  isOpenSealError,
  OpenSealError,
  type OpenSealErrorClass,
  type OpenSealErrorOptions,
  rebuildError,
  type SerializedError,
  serializeError,
} from './errors.ts';
export {
  type DecodedPng,
  decodePng,
  type PngLimits,
  pngSize,
} from './png/png-decode.ts';
export { type PngErrorCode, PngFormatError } from './png/png-error.ts';
export {
  type ImageDictValue,
  type ImageStream,
  type PngPdfImage,
  type PngPdfImageOptions,
  pngPdfImage,
} from './png/png-image.ts';
export type { GlyphOutline } from './truetype/glyph-outline.ts';
export { type TrueTypeErrorCode, TrueTypeFormatError } from './truetype/truetype-error.ts';
export { type GlyphRecord, TrueTypeFont } from './truetype/truetype-font.ts';
