import { MAX_SEAL_PDF_BYTES } from '@openseal/contract';

/** Why a chosen file cannot be stamped, checked before it is read: too large, or not a PDF at all. */
export function pdfFileProblem(size: number, head: Uint8Array): 'tooLarge' | 'notPdf' | null {
  if (size > MAX_SEAL_PDF_BYTES) return 'tooLarge';
  // ISO 32000-2 7.5.2: the header "%PDF-" should start the file; readers accept it in the first 1024 bytes.
  const text = new TextDecoder('latin1').decode(head.subarray(0, 1024));
  return text.includes('%PDF-') ? null : 'notPdf';
}

/** The download name of a sealed copy: `report.pdf` → `report-sealed.pdf`. */
export function sealedFileName(original: string): string {
  const base = original.replace(/\.pdf$/i, '') || 'document';
  return `${base}-sealed.pdf`;
}
