import { MAX_SEAL_PDF_BYTES } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { pdfFileProblem, sealedFileName } from './pdf-file.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('pdfFileProblem', () => {
  it('accepts a PDF header, even after leading junk', () => {
    expect(pdfFileProblem(100, bytes('%PDF-1.7\n'))).toBeNull();
    expect(pdfFileProblem(100, bytes('\ufeffjunk%PDF-2.0'))).toBeNull();
  });
  it('refuses other files and files over 20 MB', () => {
    expect(pdfFileProblem(100, bytes('PK\u0003\u0004'))).toBe('notPdf');
    expect(pdfFileProblem(MAX_SEAL_PDF_BYTES + 1, bytes('%PDF-1.7'))).toBe('tooLarge');
  });
});

describe('sealedFileName', () => {
  it('marks the copy as sealed', () => {
    expect(sealedFileName('成绩单.PDF')).toBe('成绩单-sealed.pdf');
    expect(sealedFileName('scan')).toBe('scan-sealed.pdf');
    expect(sealedFileName('.pdf')).toBe('document-sealed.pdf');
  });
});
