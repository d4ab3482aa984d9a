import type { SealPlacement, SigningDateAt } from '@openseal/contract';
import { PdfDocument, type SignatureMark } from '@openseal/pdf-sign';
import { localDay } from '../reports/report-calendar.ts';
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

const POINTS_PER_MM = 72 / 25.4;

/** A pdfme element's box: millimetres from the page's top-left corner, as the designer saves it. */
export interface TemplateBox {
  /** 1-based. */
  page: number;
  position: { x: number; y: number };
  width: number;
  height: number;
}

/**
 * The placement of a signature or seal drawn in a template's box: its centre, in PDF points from the
 * page's bottom-left corner (ISO 32000-2 8.3.2.3: user space y grows upwards), on a page `pageHeightMm` tall.
 */
export function boxPlacement(box: TemplateBox, pageHeightMm: number): SealPlacement {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    kind: 'page',
    page: box.page,
    x: round((box.position.x + box.width / 2) * POINTS_PER_MM),
    y: round((pageHeightMm - (box.position.y + box.height / 2)) * POINTS_PER_MM),
  };
}

/** A template's 签署日期 box as the place a party's signing date is printed: its centre, text fitting its height. */
export function boxSigningDate(box: TemplateBox, pageHeightMm: number): SigningDateAt {
  const centre = boxPlacement(box, pageHeightMm) as { page: number; x: number; y: number };
  return {
    page: centre.page,
    x: centre.x,
    y: centre.y,
    heightMm: Math.round(Math.min(6, Math.max(2, box.height * 0.6)) * 100) / 100,
  };
}

/** The party's signing date (school time zone) in its box, as a further mark of its signature; none without a box. */
export function signingDateMarks(party: PartyRow, now: Date, timeZone: string): SignatureMark[] {
  if (!party.signing_date_at) return [];
  const at = JSON.parse(party.signing_date_at) as SigningDateAt;
  return [
    {
      seal: {
        kind: 'name',
        name: localDay(now.toISOString(), timeZone),
        heightMm: at.heightMm,
        line: false,
        color: [0, 0, 0],
      },
      page: at.page,
      x: at.x,
      y: at.y,
    },
  ];
}
