import { errorMessage } from '@openseal/common';
import {
  openPdfjsDocument,
  type PdfjsDocument,
  PdfjsOpenError,
  type PdfjsTextContent,
} from '../text/pdfjs.ts';
import { AppearanceError } from './appearance-error.ts';

export interface KeywordLocation {
  readonly pageIndex: number;
  /** Centre of the keyword's bounding box, PDF user space points. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One searchable character with its box in user space. */
interface PlacedChar {
  readonly ch: string;
  readonly box: readonly [number, number, number, number];
}

/**
 * Finds `keyword` in the text of the PDF as pdf.js extracts it (the text may be split over several
 * text items; whitespace is ignored on both sides) and returns the centre of its bounding box, for
 * the first or last occurrence in document order; undefined when absent.
 */
export async function locateKeyword(
  pdf: Uint8Array,
  keyword: string,
  occurrence: 'first' | 'last' = 'first',
): Promise<KeywordLocation | undefined> {
  const needle = Array.from(keyword).filter((c) => !/\s/u.test(c));
  if (needle.length === 0) throw new AppearanceError('ERR_SEAL_PLACEMENT_INVALID', 'The keyword is empty.');
  let doc: PdfjsDocument;
  try {
    doc = await openPdfjsDocument(pdf);
  } catch (e) {
    if (!(e instanceof PdfjsOpenError)) throw e;
    throw new AppearanceError(
      'ERR_KEYWORD_SEARCH_FAILED',
      e.code === 'ERR_TEXT_EXTRACTOR_MISSING'
        ? 'pdfjs-dist (v4) is needed to search for keywords.'
        : e.message,
      { cause: e },
    );
  }
  try {
    const order = Array.from({ length: doc.numPages }, (_, i) =>
      occurrence === 'first' ? i : doc.numPages - 1 - i,
    );
    for (const pageIndex of order) {
      const page = await doc.getPage(pageIndex + 1);
      const chars = placedChars(await page.getTextContent());
      page.cleanup();
      const found = findIn(chars, needle, occurrence);
      if (found) return { pageIndex, ...found };
    }
    return undefined;
  } catch (e) {
    if (e instanceof AppearanceError) throw e;
    throw new AppearanceError(
      'ERR_KEYWORD_SEARCH_FAILED',
      `The PDF text cannot be read: ${errorMessage(e)}`,
      {
        cause: e,
      },
    );
  } finally {
    await doc.destroy();
  }
}

function findIn(
  chars: readonly PlacedChar[],
  needle: readonly string[],
  occurrence: 'first' | 'last',
): Omit<KeywordLocation, 'pageIndex'> | undefined {
  const last = chars.length - needle.length;
  for (let k = 0; k <= last; k++) {
    const start = occurrence === 'first' ? k : last - k;
    if (!needle.every((c, j) => chars[start + j]!.ch === c)) continue;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let j = 0; j < needle.length; j++) {
      const b = chars[start + j]!.box;
      x0 = Math.min(x0, b[0]);
      y0 = Math.min(y0, b[1]);
      x1 = Math.max(x1, b[2]);
      y1 = Math.max(y1, b[3]);
    }
    return { x: (x0 + x1) / 2, y: (y0 + y1) / 2, width: x1 - x0, height: y1 - y0 };
  }
  return undefined;
}

/**
 * Non-space characters of a page with their boxes. pdf.js gives a box per text item only, so each
 * character gets a share of the item's advance: a full em for CJK, about half for others.
 */
function placedChars(content: PdfjsTextContent): PlacedChar[] {
  const out: PlacedChar[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.length === 0) continue;
    const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
    const along = Math.hypot(a, b) || 1;
    const ux = a / along;
    const uy = b / along;
    // Up is the text's y axis; its length is the font size.
    const size = item.height || Math.hypot(c, d);
    const vLen = Math.hypot(c, d) || 1;
    const vx = c / vLen;
    const vy = d / vLen;
    const style = content.styles[item.fontName];
    // pdf.js reports NaN for fonts without metrics (standard 14 fonts): assume a typical em box.
    const ascent = finiteOr(style?.ascent, 0.8);
    const descent = finiteOr(style?.descent, -0.2);
    const chars = Array.from(item.str);
    const weights = chars.map((ch) => (isWide(ch) ? 1 : 0.55));
    const total = weights.reduce((s, w) => s + w, 0);
    let walked = 0;
    chars.forEach((ch, i) => {
      const s0 = (item.width * walked) / total;
      walked += weights[i]!;
      const s1 = (item.width * walked) / total;
      if (/\s/u.test(ch)) return;
      const corners = [
        [s0, descent * size],
        [s1, descent * size],
        [s0, ascent * size],
        [s1, ascent * size],
      ].map(([s, t]) => [e + ux * s! + vx * t!, f + uy * s! + vy * t!] as const);
      out.push({
        ch,
        box: [
          Math.min(...corners.map((p) => p[0])),
          Math.min(...corners.map((p) => p[1])),
          Math.max(...corners.map((p) => p[0])),
          Math.max(...corners.map((p) => p[1])),
        ],
      });
    });
  }
  return out;
}

const finiteOr = (v: number | undefined, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** Full-width characters: CJK ideographs, kana, hangul, fullwidth forms and CJK punctuation. */
function isWide(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
