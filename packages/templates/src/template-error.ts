export type TemplateErrorCode = 'ERR_TEMPLATE_INVALID' | 'ERR_TEMPLATE_INPUT' | 'ERR_TEMPLATE_GLYPH';

/** A template that cannot be compiled, an input that does not fit it, or a character outside the font. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly code: TemplateErrorCode;

  constructor(code: TemplateErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
