import { type DocumentType, placementQuery, type SealPlacement } from '@openseal/contract';

/**
 * The address of POST /api/seals/:id/use for one seal use: where and why in the query string. The PDF
 * itself goes as the body, with Content-Type: application/pdf.
 */
export function sealUseUrl(
  base: string,
  sealId: string,
  use: { placement: SealPlacement; documentType: DocumentType; purpose: string },
): string {
  const fields = { ...placementQuery(use.placement), documentType: use.documentType, purpose: use.purpose };
  const query = new URLSearchParams(
    Object.entries(fields).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  );
  return `${base}/api/seals/${encodeURIComponent(sealId)}/use?${query}`;
}
