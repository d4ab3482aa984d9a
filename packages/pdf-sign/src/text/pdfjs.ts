import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { errorMessage, OpenSealError, type TextExtractErrorCode } from '@openseal/common';

// The subset of pdfjs-dist 4's API used here (its own typings are loaded only when it is installed).
export interface PdfjsTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  /** The item ends a line. */
  hasEOL?: boolean;
}
export interface PdfjsTextContent {
  items: (PdfjsTextItem | { type: string })[];
  styles: Record<string, { ascent?: number; descent?: number }>;
}
export interface PdfjsPage {
  getTextContent(): Promise<PdfjsTextContent>;
  cleanup(): void;
}
export interface PdfjsDocument {
  numPages: number;
  getPage(n: number): Promise<PdfjsPage>;
  destroy(): Promise<void>;
}
interface Pdfjs {
  getDocument(params: Record<string, unknown>): { promise: Promise<PdfjsDocument> };
}

const PDFJS_MODULE = 'pdfjs-dist/legacy/build/pdf.mjs';

let pdfjs: Promise<{ lib: Pdfjs; root: string }> | undefined;

function loadPdfjs(): Promise<{ lib: Pdfjs; root: string }> {
  pdfjs ??= (async () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('pdfjs-dist/package.json'));
    // A variable specifier keeps the type checker from demanding pdfjs's typings.
    const specifier: string = PDFJS_MODULE;
    return { lib: (await import(specifier)) as Pdfjs, root };
  })();
  pdfjs.catch(() => {
    pdfjs = undefined;
  });
  return pdfjs;
}

/** Why a PDF could not be opened with pdf.js: the library is missing, or the file is unreadable. */
export class PdfjsOpenError extends OpenSealError<
  Extract<TextExtractErrorCode, 'ERR_TEXT_EXTRACTOR_MISSING' | 'ERR_TEXT_PDF_UNREADABLE'>
> {}

/**
 * Opens `pdf` with pdf.js for text extraction, with its CMaps (CJK fonts need them) and no font
 * loading or eval. The caller destroys the document.
 */
export async function openPdfjsDocument(pdf: Uint8Array): Promise<PdfjsDocument> {
  let lib: Pdfjs;
  let root: string;
  try {
    ({ lib, root } = await loadPdfjs());
  } catch (e) {
    throw new PdfjsOpenError(
      'ERR_TEXT_EXTRACTOR_MISSING',
      'pdfjs-dist (v4) is needed to read the text of a PDF.',
      { cause: e },
    );
  }
  try {
    return await lib.getDocument({
      // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
      data: new Uint8Array(pdf),
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
      cMapUrl: join(root, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(root, 'standard_fonts') + '/',
    }).promise;
  } catch (e) {
    throw new PdfjsOpenError('ERR_TEXT_PDF_UNREADABLE', `The PDF cannot be read: ${errorMessage(e)}`, {
      cause: e,
    });
  }
}
