import { errorMessage, OpenSealError, type TextExtractErrorCode } from '@openseal/common';
import { openPdfjsDocument, PdfjsOpenError } from './pdfjs.ts';

/** Stable codes for everything text extraction can refuse. Callers switch on `code`, never on the message. */
export type { TextExtractErrorCode };

export class TextExtractError extends OpenSealError<TextExtractErrorCode> {}

export interface ExtractTextOptions {
  /** Refuse PDFs with more pages than this (default 500): a scan must see the whole text or none. */
  maxPages?: number;
}

export const DEFAULT_MAX_TEXT_PAGES = 500;

/**
 * The text of every page as pdf.js extracts it, in content order: text items joined as they come,
 * a newline where pdf.js marks a line end and between pages. Layout is not reconstructed, so a
 * word may arrive split by whitespace; callers matching words should ignore whitespace.
 */
export async function extractText(pdf: Uint8Array, opts: ExtractTextOptions = {}): Promise<string> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_TEXT_PAGES;
  let doc: Awaited<ReturnType<typeof openPdfjsDocument>>;
  try {
    doc = await openPdfjsDocument(pdf);
  } catch (e) {
    if (e instanceof PdfjsOpenError) {
      throw new TextExtractError(e.code, e.message, { cause: e });
    }
    throw e;
  }
  try {
    if (doc.numPages > maxPages) {
      throw new TextExtractError(
        'ERR_TEXT_PAGE_LIMIT',
        `The PDF has ${doc.numPages} pages; text is extracted from at most ${maxPages}.`,
      );
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      page.cleanup();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      pages.push(text);
    }
    return pages.join('\n');
  } catch (e) {
    if (e instanceof TextExtractError) throw e;
    throw new TextExtractError('ERR_TEXT_PDF_UNREADABLE', `The PDF text cannot be read: ${errorMessage(e)}`, {
      cause: e,
    });
  } finally {
    await doc.destroy();
  }
}
