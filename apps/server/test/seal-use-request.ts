import { placementQuery, type SealPlacement } from '@openseal/contract';
import type { InjectOptions } from 'fastify';

/** What a seal use says: the PDF (sent as the body) and, in the query string, where and why. */
export interface SealUse {
  pdf: Uint8Array;
  placement: SealPlacement;
  /** A DocumentType; any text, so a test can send one the server refuses. */
  documentType: string;
  purpose: string;
}

/** POST /api/seals/:id/use as a client sends it: the PDF itself as the body, the rest in the query. */
export function sealUseRequest(
  sealId: string,
  use: SealUse,
  headers: Record<string, string> = {},
): InjectOptions {
  const query = { ...placementQuery(use.placement), documentType: use.documentType, purpose: use.purpose };
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  );
  return {
    method: 'POST',
    url: `/api/seals/${encodeURIComponent(sealId)}/use?${search}`,
    headers: { ...headers, 'content-type': 'application/pdf' },
    payload: Buffer.from(use.pdf),
  };
}

/**
 * POST /api/requests/:id/stamp: no body (the approved file as stored), or the caller's copy as the
 * body with Content-Type: application/pdf.
 */
export function stampRequestRequest(
  requestId: string,
  copy?: Uint8Array,
  headers: Record<string, string> = {},
): InjectOptions {
  const url = `/api/requests/${encodeURIComponent(requestId)}/stamp`;
  if (!copy) return { method: 'POST', url, headers };
  return {
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/pdf' },
    payload: Buffer.from(copy),
  };
}
