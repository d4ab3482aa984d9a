// Text strings (ISO 32000-2 7.9.2.2) and dates (7.9.4).

import { PdfString } from './objects.ts';

/** PDFDocEncoding (Annex D.3) code points for bytes 0x18-0x1F and 0x80-0xAD where they differ from latin1. */
const PDF_DOC_HIGH: Record<number, number> = {
  24: 0x02d8,
  25: 0x02c7,
  26: 0x02c6,
  27: 0x02d9,
  28: 0x02dd,
  29: 0x02db,
  30: 0x02da,
  31: 0x02dc,
  128: 0x2022,
  129: 0x2020,
  130: 0x2021,
  131: 0x2026,
  132: 0x2014,
  133: 0x2013,
  134: 0x0192,
  135: 0x2044,
  136: 0x2039,
  137: 0x203a,
  138: 0x2212,
  139: 0x2030,
  140: 0x201e,
  141: 0x201c,
  142: 0x201d,
  143: 0x2018,
  144: 0x2019,
  145: 0x201a,
  146: 0x2122,
  147: 0xfb01,
  148: 0xfb02,
  149: 0x0141,
  150: 0x0152,
  151: 0x0160,
  152: 0x0178,
  153: 0x017d,
  154: 0x0131,
  155: 0x0142,
  156: 0x0153,
  157: 0x0161,
  158: 0x017e,
  159: 0xfffd,
  160: 0x20ac,
  173: 0xfffd,
};

/** Printable ASCII (plus TAB/LF/CR) as a literal string, anything else as UTF-16BE with a BOM. */
export function encodeTextString(s: string): PdfString {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) {
    const c = s.charCodeAt(i);
    ascii = (c >= 0x20 && c <= 0x7e) || c === 0x09 || c === 0x0a || c === 0x0d;
  }
  if (ascii)
    return new PdfString(
      Uint8Array.from(s, (ch) => ch.charCodeAt(0)),
      false,
    );
  const out = new Uint8Array(2 + s.length * 2);
  out[0] = 0xfe;
  out[1] = 0xff;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i] = c >> 8;
    out[3 + 2 * i] = c & 0xff;
  }
  return new PdfString(out, true);
}

/** UTF-16BE (BOM FE FF), UTF-8 (BOM EF BB BF, PDF 2.0) or PDFDocEncoding. */
export function decodeTextString(str: PdfString): string {
  const b = str.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
  let s = '';
  for (const c of b) s += String.fromCharCode(PDF_DOC_HIGH[c] ?? c);
  return s;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "D:YYYYMMDDHHmmSSZ" in UTC (7.9.4). */
export function formatPdfDate(d: Date): string {
  return (
    `D:${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

const DATE_RE =
  /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(?:(\d{2})'?)?)?)?\s*$/;

/** 7.9.4 date, lenient about the optional parts and the apostrophes; undefined when invalid. */
export function parsePdfDate(s: string): Date | undefined {
  const m = DATE_RE.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', sign, oh = '00', om = '00'] = m;
  const parts = [Number(mo), Number(d), Number(h), Number(mi), Number(sec), Number(oh), Number(om)];
  const [month, day, hour, minute, second, offH, offM] = parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offH > 23 ||
    offM > 59
  ) {
    return undefined;
  }
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  const check = new Date(t);
  if (check.getUTCDate() !== day) return undefined;
  // No offset means local time of an unknown zone; UTC is the only deterministic reading.
  if (sign === '+' || sign === '-') t -= (sign === '+' ? 1 : -1) * (offH * 60 + offM) * 60_000;
  return new Date(t);
}
