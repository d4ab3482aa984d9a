// An XLSX is a ZIP (ECMA-376 Part 2, APPNOTE.TXT): a small file can declare, or secretly hold, hundreds
// of megabytes of XML. Before a workbook is loaded, its entries are read from the central directory
// and each one inflated as a stream that is counted and thrown away, so a bomb is refused with no
// more memory than a chunk: the declared sizes must add up within the limit and the data must inflate
// to exactly what is declared. Worksheet rows are counted on the way, for the same reason.
import { createInflateRaw } from 'node:zlib';
import { OpenSealError } from '@openseal/common';

export interface XlsxLimits {
  /** Sum of the entries' inflated sizes. */
  maxInflatedBytes: number;
  /** Rows (`<row` elements) over all worksheets. */
  maxRows: number;
}

export interface XlsxShape {
  entries: number;
  inflatedBytes: number;
  rows: number;
}

/** What is wrong with a workbook, in words for the import report. */
export type XlsxBoundsErrorCode =
  | 'ERR_XLSX_MALFORMED'
  /** Over a size or row limit, rather than malformed. */
  | 'ERR_XLSX_TOO_LARGE';

export class XlsxBoundsError extends OpenSealError<XlsxBoundsErrorCode> {
  constructor(message: string, tooLarge = false) {
    super(tooLarge ? 'ERR_XLSX_TOO_LARGE' : 'ERR_XLSX_MALFORMED', message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 10_000;
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;
const ROW = Buffer.from('<row');

interface Entry {
  name: string;
  method: number;
  compressed: number;
  inflated: number;
  local: number;
}

/** The central directory's entries (APPNOTE 4.3.12, 4.3.16); ZIP64 and encryption are refused. */
function readEntries(zip: Buffer): Entry[] {
  // The end record is the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new XlsxBoundsError('the XLSX file is not a ZIP archive');
  const count = zip.readUInt16LE(end + 10);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff)
    throw new XlsxBoundsError('the XLSX file uses ZIP64, which an import file never needs');
  if (count > MAX_ENTRIES) throw new XlsxBoundsError(`the XLSX file has more than ${MAX_ENTRIES} parts`);
  const entries: Entry[] = [];
  const names = new Set<string>();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL)
      throw new XlsxBoundsError('the XLSX file has a damaged central directory');
    const flags = zip.readUInt16LE(p + 8);
    const nameLength = zip.readUInt16LE(p + 28);
    const entry: Entry = {
      method: zip.readUInt16LE(p + 10),
      compressed: zip.readUInt32LE(p + 20),
      inflated: zip.readUInt32LE(p + 24),
      name: zip.toString('utf8', p + 46, p + 46 + nameLength),
      local: zip.readUInt32LE(p + 42),
    };
    if (flags & 1) throw new XlsxBoundsError('the XLSX file is encrypted; save it without a password');
    // Two parts of one name: which one a reader takes is up to the reader.
    if (names.has(entry.name)) throw new XlsxBoundsError(`the XLSX file holds "${entry.name}" twice`);
    names.add(entry.name);
    entries.push(entry);
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return entries;
}

/** Counts `<row` start tags (SpreadsheetML 18.3.1.73) in XML arriving in chunks. */
class RowCounter {
  rows = 0;
  private tail = Buffer.alloc(0);

  push(chunk: Buffer): void {
    // A tag split across two chunks is found in the previous chunk's last bytes plus this one.
    const view = Buffer.concat([this.tail, chunk]);
    let i = view.indexOf(ROW);
    for (; i >= 0 && i + ROW.length < view.length; i = view.indexOf(ROW, i + 1)) {
      const next = view[i + ROW.length] as number;
      // `<row ` or `<row>` or `<row/>`, not `<rowBreaks`.
      if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d)
        this.rows += 1;
    }
    this.tail = view.subarray(i >= 0 ? i : Math.max(0, view.length - ROW.length + 1));
  }
}

/** Inflates `data` as a stream, counting bytes (and rows) and keeping none; stops past `limit`. */
function inflatedSize(data: Buffer, limit: number, counter: RowCounter | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let bytes = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(bytes);
    };
    inflate.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      counter?.push(chunk);
      if (bytes > limit) {
        inflate.destroy();
        finish();
      }
    });
    inflate.on('end', finish);
    inflate.on('error', (err) => {
      if (!settled) {
        settled = true;
        reject(new XlsxBoundsError(`the XLSX file has a damaged part: ${err.message}`));
      }
    });
    inflate.end(data);
  });
}

/** Checks a workbook's ZIP structure and sizes without holding its inflated content. */
export async function checkXlsxBounds(bytes: Uint8Array, limits: XlsxLimits): Promise<XlsxShape> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = readEntries(zip);
  const declared = entries.reduce((sum, e) => sum + e.inflated, 0);
  const tooLarge = () =>
    new XlsxBoundsError(
      `the XLSX file inflates to more than ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB; split it into smaller files`,
      true,
    );
  if (declared > limits.maxInflatedBytes) throw tooLarge();
  let inflatedBytes = 0;
  const counter = new RowCounter();
  for (const e of entries) {
    const at = e.local;
    if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
      throw new XlsxBoundsError(`the XLSX part "${e.name}" cannot be found`);
    const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
    if (start + e.compressed > zip.length)
      throw new XlsxBoundsError(`the XLSX part "${e.name}" is cut short`);
    const data = zip.subarray(start, start + e.compressed);
    const rows = WORKSHEET.test(e.name) ? counter : null;
    let actual: number;
    if (e.method === 0) {
      actual = data.length;
      rows?.push(data);
    } else if (e.method === 8) {
      // Never more than declared: a part that inflates past its declared size is a lie.
      actual = await inflatedSize(data, e.inflated, rows);
    } else throw new XlsxBoundsError(`the XLSX part "${e.name}" uses an unknown compression`);
    if (actual !== e.inflated)
      throw new XlsxBoundsError(`the XLSX part "${e.name}" does not inflate to the size it declares`);
    inflatedBytes += actual;
    if (inflatedBytes > limits.maxInflatedBytes) throw tooLarge();
    if (counter.rows > limits.maxRows)
      throw new XlsxBoundsError(`the workbook has more than ${limits.maxRows} rows`, true);
  }
  return { entries: entries.length, inflatedBytes, rows: counter.rows };
}
