import { MAX_REQUEST_FILE_BYTES } from '@openseal/contract';

/** What the request page's picker accepts: PDF, and Office/ODF files the server converts to PDF. */
export const REQUEST_FILE_ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.odt,.ods';
const CONVERTED = /\.(docx?|xlsx?|od[ts])$/i;

/**
 * How a chosen file goes into a request: a PDF (previewed, placed by a click), an Office or ODF file
 * (converted by the server; no preview here), or refused before it is read.
 */
export function requestFileKind(
  name: string,
  size: number,
  head: Uint8Array,
): 'pdf' | 'office' | 'tooLarge' | 'unsupported' {
  if (size > MAX_REQUEST_FILE_BYTES) return 'tooLarge';
  // ISO 32000-2 7.5.2: readers accept the "%PDF-" header anywhere in the first 1024 bytes.
  if (new TextDecoder('latin1').decode(head.subarray(0, 1024)).includes('%PDF-')) return 'pdf';
  return CONVERTED.test(name) ? 'office' : 'unsupported';
}
