// A job's output as one ZIP: each issued credential's archived PDF, `<subject>-<typeCode>.pdf`, and
// errors.csv when any item failed. Streamed: entries are listed up front (names and hashes only) and
// each file is read from the store only when the archive reaches it, so memory stays flat.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { ZipFile } from 'yazl';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';

const PAGE = 1000;
/** RFC 4180 plus a UTF-8 BOM, so spreadsheet programs read the Chinese names correctly. */
const BOM = '\uFEFF';

/** One RFC 4180 field: quoted when it holds a comma, quote or line break; formula-looking text defused. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Names are written as given, but a subject never escapes the archive's root. */
const entryName = (subject: string, typeCode: string) =>
  `${subject.replace(/[/\\:*?"<>|\x00-\x1f]/g, '_')}-${typeCode}.pdf`;

/**
 * Entry names that differ once made safe, and regardless of case (Windows and macOS unpack `A.pdf`
 * and `a.pdf` to one file): a repeat gets ` (2)`, ` (3)` … before `.pdf`.
 */
function uniqueNames(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    let unique = name;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = name.replace(/\.pdf$/, ` (${n}).pdf`);
    used.add(unique.toLowerCase());
    return unique;
  };
}

export async function jobZip(
  db: Kysely<Database>,
  files: FileStore,
  jobId: string,
  typeCode: string,
): Promise<NodeJS.ReadableStream> {
  const zip = new ZipFile();
  const mtime = new Date();
  const nameOf = uniqueNames();
  let lastSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('credential_job_items as i')
      .innerJoin('credentials as c', 'c.id', 'i.credential_id')
      .select(['i.seq', 'i.subject', 'c.sha256'])
      .where('i.job_id', '=', jobId)
      .where('i.status', '=', 'done')
      .where('i.seq', '>', lastSeq)
      .orderBy('i.seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      // PDFs are compressed already; storing them keeps the ZIP cheap to make.
      zip.addReadStreamLazy(nameOf(entryName(r.subject, typeCode)), { compress: false, mtime }, (cb) => {
        files.get(r.sha256).then(
          (bytes) => cb(null, Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])),
          (err: unknown) => cb(err, Readable.from([])),
        );
      });
    }
    lastSeq = Number(rows[rows.length - 1]?.seq);
  }

  const failed = await db
    .selectFrom('credential_job_items as i')
    .innerJoin('credential_records as r', 'r.id', 'i.record_id')
    .select(['i.subject', 'r.subject_name', 'i.error_code', 'i.error'])
    .where('i.job_id', '=', jobId)
    .where('i.status', '=', 'failed')
    .orderBy('i.seq')
    .execute();
  if (failed.length > 0) {
    const lines = [
      ['subject', 'subjectName', 'code', 'message'],
      ...failed.map((f) => [f.subject, f.subject_name, f.error_code ?? '', f.error ?? '']),
    ].map((cols) => cols.map(csvField).join(','));
    zip.addBuffer(Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8'), 'errors.csv', { mtime });
  }
  zip.end();
  return zip.outputStream;
}
