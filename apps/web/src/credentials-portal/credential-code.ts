// The document number (publicId) and the verification code printed in every credential's footer:
// 8 characters of Crockford base32 each; the code is printed as XXXX-XXXX.

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * What a person typed, as the server stores it: upper case, without spaces or dashes, with the
 * letters Crockford base32 reads as digits (O → 0, I and L → 1), so a misread print still matches.
 */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Whether a normalized document number or code has the printed shape (8 Crockford characters). */
export const isCodeShaped = (normalized: string): boolean => CROCKFORD.test(normalized);

/** The code as printed: XXXX-XXXX. */
export const formatCode = (code: string): string =>
  code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;

/** The public page behind a document's QR code. */
export const credentialViewPath = (publicId: string, code?: string): string =>
  `/v/${encodeURIComponent(publicId)}${code ? `?c=${encodeURIComponent(code)}` : ''}`;

/**
 * A document number typed or pasted: the bare number, or the printed short URL / the QR code's URL
 * (…/v/K7M2Q9XA?c=ABCD2345), whose code then comes along.
 */
export function parseDocumentNumber(typed: string): { publicId: string; code: string | null } {
  const text = typed.trim();
  const url = /\/v\/([0-9A-Za-z]+)(?:\?(?:.*&)?c=([0-9A-Za-z-]+))?/.exec(text);
  if (url?.[1]) return { publicId: normalizeCode(url[1]), code: url[2] ? normalizeCode(url[2]) : null };
  return { publicId: normalizeCode(text), code: null };
}
