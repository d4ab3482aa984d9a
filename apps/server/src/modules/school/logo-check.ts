import { AppError } from '../../errors.ts';

export type LogoMediaType = 'image/png' | 'image/svg+xml';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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
    if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) refuse('not a PNG file');
    if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') refuse('the PNG has no IHDR chunk first');
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
