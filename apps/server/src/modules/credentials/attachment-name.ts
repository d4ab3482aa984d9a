// RFC 6266 / RFC 8187: a download's name in UTF-8 (中文 type names), with an ASCII fallback for
// clients that read only `filename`.

/** The Content-Disposition value that saves the response as `name`. */
export function attachmentDisposition(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
