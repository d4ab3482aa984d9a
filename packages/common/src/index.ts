/**
 * @openseal/common: the few pieces every other package shares — the base error class with its
 * code union, the TrueType reader, and the PNG-to-PDF image path. It imports no other package.
 */
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
