import { PngFormatError, pngSize } from '@openseal/common';
import { AppError } from '../../errors.ts';

export type LogoMediaType = 'image/png' | 'image/svg+xml';

/**
 * Accepts a PNG (signature, then IHDR: ISO/IEC 15948 5.2, 11.2.2) or an SVG whose root element is
 * <svg> and which carries nothing that runs: no script elements, event attributes, javascript: URLs,
 * foreign objects or DOCTYPE (entity expansion). The logo is shown on a page anyone can open.
 */
export function checkLogo(bytes: Buffer, mediaType: LogoMediaType): void {
  const refuse = (why: string): never => {
    throw new AppError('ERR_SCHOOL_LOGO_INVALID', why, [why]);
  };
  if (mediaType === 'image/png') {
    try {
      pngSize(bytes);
    } catch (e) {
      if (e instanceof PngFormatError) refuse(e.message);
      throw e;
    }
    return;
  }
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD')) refuse('the SVG is not UTF-8 text');
  const body = text.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  if (!/^<svg[\s>]/i.test(body)) refuse('the file does not start with an <svg> element');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) refuse('the SVG declares a DOCTYPE or entities');
  if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(text))
    refuse('the SVG holds scripts, event handlers or foreign objects');
}
