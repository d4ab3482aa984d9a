/** Byte order mark: Excel reads a CSV as UTF-8 (and Chinese correctly) only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV field. Spreadsheets run a cell starting with = + - @ (or a tab/CR that hides one) as a
 * formula (OWASP "CSV Injection"), so such a cell is prefixed with '. Then RFC 4180 section 2:
 * a field holding a comma, quote, CR or LF is quoted, with its quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180: CRLF after every record; a BOM first. */
export function csvDocument(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return UTF8_BOM + rows.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}
