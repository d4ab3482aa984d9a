import type { SealPlacement } from '@openseal/contract';
import { PdfDocument } from '@openseal/pdf-sign';
import type { PartyRow } from './contract-reads.ts';

/**
 * Where a party's signature or seal goes: the placement the initiator chose, else the last page's
 * foot, three parties side by side in signing order, `y` points up from the bottom edge.
 */
export function partyPlacement(party: PartyRow, pdf: Uint8Array, y: number): SealPlacement {
  if (party.placement) return JSON.parse(party.placement) as SealPlacement;
  const pages = PdfDocument.parse(pdf).pages();
  return { kind: 'page', page: pages.length, x: 110 + ((party.position - 1) % 3) * 170, y };
}
