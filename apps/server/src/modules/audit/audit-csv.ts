import type { AuditEntry } from '@openseal/contract';

const COLUMNS: readonly (keyof AuditEntry)[] = [
  'seq',
  'time',
  'actor',
  'role',
  'org',
  'action',
  'object',
  'outcome',
  'requestId',
  'prevHash',
  'hash',
];

/** Excel reads a BOM-less CSV as the local code page: the BOM keeps Chinese names readable. */
export const CSV_BOM = '\uFEFF';

/**
 * One RFC 4180 field. A value a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start:
 * OWASP "CSV injection") is prefixed with an apostrophe; user names typed at the sign-in page reach
 * this log unchecked.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const auditCsvHeader = (): string => `${COLUMNS.join(',')}\r\n`;

export const auditCsvRow = (entry: AuditEntry): string =>
  `${COLUMNS.map((c) => csvField(entry[c])).join(',')}\r\n`;
