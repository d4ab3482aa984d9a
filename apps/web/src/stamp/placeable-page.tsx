import { PdfPagePreview, type SealGhost } from './pdf-page-preview.tsx';
import type { PDFDocumentProxy } from './pdfjs.ts';

type Placed = { page: number; x: number; y: number };

/**
 * One page on which the seal may be placed by a click. While `clickToPlace` (the form's placement is
 * "on the page") the seal's picture follows the pointer and the chosen point is marked on its page;
 * `onPlace` null shows that without taking clicks.
 */
export function PlaceablePage({
  doc,
  pageNumber,
  width,
  clickToPlace,
  ghost,
  placed,
  onPlace,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  clickToPlace: boolean;
  ghost: SealGhost | null;
  placed: Placed | null;
  onPlace: ((placed: Placed) => void) | null;
}) {
  return (
    <PdfPagePreview
      doc={doc}
      pageNumber={pageNumber}
      width={width}
      ghost={clickToPlace ? ghost : null}
      mark={clickToPlace && placed?.page === pageNumber ? placed : null}
      onPick={clickToPlace && onPlace ? (p) => onPlace({ page: pageNumber, ...p }) : null}
    />
  );
}
