import { extractText, TextExtractError } from '@openseal/pdf-sign';

/**
 * A request file's text, for the word rule and the diff between versions; null when pdf.js cannot
 * read it. Extracted when needed and never stored: the database holds no document content.
 */
export async function textOf(pdf: Uint8Array): Promise<string | null> {
  return extractText(pdf).catch((e: unknown) => {
    if (e instanceof TextExtractError) return null;
    throw e;
  });
}
