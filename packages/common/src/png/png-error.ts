import { OpenSealError } from '../errors.ts';

export type PngErrorCode = 'ERR_PNG_NOT_PNG' | 'ERR_PNG_TOO_LARGE' | 'ERR_PNG_MALFORMED';

/**
 * A PNG that cannot become a PDF image. The message completes "The image is …" ("not a PNG file",
 * "4001×20 px; each side must be 1..4000 px"), so each caller words it for its own input.
 */
export class PngFormatError extends OpenSealError<PngErrorCode> {}
