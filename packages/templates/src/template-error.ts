import { OpenSealError, type TemplateErrorCode } from '@openseal/common';

export type { TemplateErrorCode };

/** A template that cannot be compiled, an input that does not fit it, or a character outside the font. */
export class TemplateError extends OpenSealError<TemplateErrorCode> {}
