// A job's output as one ZIP: each issued credential's archived PDF, `<subject>-<typeCode>.pdf`, the
// manifest (清单.csv and 清单.xlsx: name, 学号, document number, verification code, file), and
// errors.csv when any item failed. Streamed: entries are listed up front (names and hashes only) and
// each file is read from the store only when the archive reaches it, so memory stays flat.
import { Readable } from 'node:stream';
import type { CredentialJob } from '@openseal/contract';
import type { Kysely } from 'kysely';
import { ZipFile } from 'yazl';
import type { Database } from '../../db/schema.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import { printedCode } from './credential-codes.ts';
import { type ManifestRow, manifestCsv, manifestXlsx } from './job-manifest.ts';

const PAGE = 1000;
/** The list of who got which document (job-manifest.ts). */
export const MANIFEST_CSV = '清单.csv';
export const MANIFEST_XLSX = '清单.xlsx';
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

/**
 * What the ZIP is saved as: the type, the cohort (or how many people), the day the job was created
 * in the school's time zone — `主修成绩单-2026级-2026-12-06.zip` — with an ASCII fallback.
 */
export function jobZipName(
  job: Pick<CredentialJob, 'typeCode' | 'typeName' | 'cohort' | 'total' | 'createdAt'>,
  timeZone: string,
): { utf8: string; ascii: string } {
  // en-CA formats a date as YYYY-MM-DD.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(job.createdAt));
  const safe = (s: string) => s.replace(/[/\\:*?"<>|\x00-\x1f]/g, '_');
  const who = job.cohort !== null ? `${safe(job.cohort)}级` : `${job.total}人`;
  const whoAscii = job.cohort !== null ? `cohort-${safe(job.cohort)}` : `${job.total}-people`;
  return {
    utf8: `${safe(job.typeName.zh)}-${who}-${day}.zip`,
    ascii: `${job.typeCode}-${whoAscii}-${day}.zip`,
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
  const manifest: ManifestRow[] = [];
  let lastSeq = 0;
  for (;;) {
    const rows = await db
      .selectFrom('credential_job_items as i')
      .innerJoin('credentials as c', 'c.id', 'i.credential_id')
      .select(['i.seq', 'i.subject', 'c.sha256', 'c.subject_name', 'c.public_id', 'c.code'])
      .where('i.job_id', '=', jobId)
      .where('i.status', '=', 'done')
      .where('i.seq', '>', lastSeq)
      .orderBy('i.seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      // PDFs are compressed already; storing them keeps the ZIP cheap to make.
      const file = nameOf(entryName(r.subject, typeCode));
      manifest.push({
        subjectName: r.subject_name,
        subject: r.subject,
        publicId: r.public_id,
        code: printedCode(r.code),
        file,
      });
      zip.addReadStreamLazy(file, { compress: false, mtime }, (cb) => {
        files.get(r.sha256).then(
          (bytes) => cb(null, Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])),
          (err: unknown) => cb(err, Readable.from([])),
        );
      });
    }
    lastSeq = Number(rows[rows.length - 1]?.seq);
  }

  const audience = (
    await db
      .selectFrom('credential_jobs as j')
      .innerJoin('credential_templates as t', 't.id', 'j.template_id')
      .select('t.audience')
      .where('j.id', '=', jobId)
      .executeTakeFirstOrThrow()
  ).audience;
  zip.addBuffer(manifestCsv(manifest, audience), MANIFEST_CSV, { mtime });
  zip.addBuffer(await manifestXlsx(manifest, audience), MANIFEST_XLSX, { mtime });

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
