import type { FastifyReply } from 'fastify';

/**
 * A downloaded file is shown as a document or an image only: nothing in it may run, load or frame,
 * even when it is opened on its own address (an SVG with a script, a PDF with JavaScript).
 */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export interface FileAnswer {
  /** Bytes, text, or a stream (a zip written as it is sent). */
  bytes: Uint8Array | string | NodeJS.ReadableStream;
  contentType: string;
  /** The file's name as saved or shown, in UTF-8 (中文 names too); no Content-Disposition without it. */
  name?: string;
  /** The name for clients that read only `filename`; default: `name` with non-ASCII characters as `_`. */
  asciiName?: string;
  /** `inline` shows it in the browser (PDFs, images), `attachment` saves it; default `attachment`. */
  disposition?: 'inline' | 'attachment';
  /**
   * `private` (default): never stored by anyone, for files only the caller may read. `revalidate`:
   * kept by the caller's browser only, asked again each time. A number: public for that many seconds.
   */
  cache?: 'private' | 'revalidate' | number;
}

/** RFC 6266 / RFC 8187: `filename` in ASCII, and `filename*` in UTF-8 when the name needs it. */
export function contentDisposition(
  disposition: 'inline' | 'attachment',
  name: string,
  asciiName?: string,
): string {
  const ascii = (asciiName ?? name).replace(/[^\x20-\x7e]|["\\]/g, '_');
  const plain = `${disposition}; filename="${ascii}"`;
  return ascii === name ? plain : `${plain}; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const CACHE = { private: 'private, no-store', revalidate: 'private, no-cache' } as const;

/** The one way the server answers with a file: the same headers on every download. */
export function sendFile(reply: FastifyReply, file: FileAnswer): FastifyReply {
  const { bytes, cache = 'private' } = file;
  reply
    .header('content-type', file.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CSP)
    .header('cache-control', typeof cache === 'number' ? `public, max-age=${cache}` : CACHE[cache]);
  if (file.name !== undefined)
    reply.header(
      'content-disposition',
      contentDisposition(file.disposition ?? 'attachment', file.name, file.asciiName),
    );
  const body =
    bytes instanceof Uint8Array && !Buffer.isBuffer(bytes)
      ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : bytes;
  return reply.send(body);
}
