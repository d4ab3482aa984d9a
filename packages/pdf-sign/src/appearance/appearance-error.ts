/** Stable codes for everything the appearance layer can refuse. Callers switch on `code`, never on the message. */
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

export class AppearanceError extends Error {
  override readonly name = 'AppearanceError';

  constructor(
    readonly code: AppearanceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
