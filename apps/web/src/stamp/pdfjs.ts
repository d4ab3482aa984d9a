import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// pdf.js parses in a worker served from our own origin (Vite emits it as an asset).
GlobalWorkerOptions.workerSrc = workerUrl;

/** Opens a PDF for preview only; what gets sealed is the file's own bytes, sent as they are. */
export function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js transfers the buffer to its worker, so it gets a copy; no scripts, no eval.
  return getDocument({ data: bytes.slice(), isEvalSupported: false, enableXfa: false }).promise;
}

export type { PDFDocumentProxy };
