// Public API of @openseal/pdf-sign: PAdES signing with visible seals, and verification.

export * from './appearance/index.ts';
export { type ActiveContent, type ActiveContentKind, findActiveContent } from './core/active-content.ts';
export { type PageInfo, PdfDocument } from './core/document.ts';
export * from './core/objects.ts';
export { PdfError, type PdfErrorCode } from './core/pdf-error.ts';
export * from './sign/index.ts';
export * from './text/extract-text.ts';
export * from './validate/index.ts';
