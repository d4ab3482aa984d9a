// Batches (后台批量签): a service account opens a batch (seal, placement, document type, purpose),
// uploads its PDFs one by one into the documents' store, and starts it; the batch worker then puts
// each file through the seal step as the account. A batch belongs to the account that opened it:
// another account's batch is not found.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type CreateServiceBatchBody,
  type DocumentType,
  MAX_SERVICE_BATCH_FILES,
  type SealPlacement,
  type ServiceBatch,
  type ServiceBatchFile,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import { ZipFile } from 'yazl';
import type { Database, ServiceBatchFileTable, ServiceBatchTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { csvField } from '../credentials/job-zip.ts';
import { auditWho } from '../seals/seals-context.ts';
import { type ServiceCaller, serviceActor } from './service-keys.ts';

export type ServiceBatchRow = Selectable<ServiceBatchTable>;

export function toServiceBatch(r: ServiceBatchRow): ServiceBatch {
  return {
    id: r.id,
    sealId: r.seal_id,
    documentType: r.document_type as DocumentType,
    purpose: r.purpose,
    placement: JSON.parse(r.placement) as SealPlacement,
    status: r.status,
    files: Number(r.files),
    sealed: Number(r.sealed),
    failed: Number(r.failed),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

function toBatchFile(r: Selectable<ServiceBatchFileTable>): ServiceBatchFile {
  return {
    seq: Number(r.seq),
    name: r.name,
    status: r.status,
    sha256: r.output_sha256,
    ledgerId: r.ledger_id,
    error: r.error,
  };
}

/** A seal the caller's scope names, or the 403 saying it does not. */
export function assertSealInScope(caller: ServiceCaller, sealId: string): void {
  if (!caller.sealIds.includes(sealId)) throw new AppError('ERR_SERVICE_SCOPE_SEAL', `seal ${sealId}`);
}

/** The caller's own batch; another account's is not found. */
export async function batchOf(
  db: Kysely<Database>,
  caller: ServiceCaller,
  id: string,
): Promise<ServiceBatchRow> {
  const row = await db
    .selectFrom('service_batches')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', caller.accountId)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `batch ${id} not found`);
  return row;
}

export async function createBatch(
  db: Kysely<Database>,
  caller: ServiceCaller,
  body: CreateServiceBatchBody,
  now: Date,
): Promise<ServiceBatch> {
  assertSealInScope(caller, body.sealId);
  const row: ServiceBatchRow = {
    id: randomUUID(),
    account_id: caller.accountId,
    seal_id: body.sealId,
    document_type: body.documentType,
    purpose: body.purpose,
    placement: JSON.stringify(body.placement),
    status: 'open',
    files: 0,
    sealed: 0,
    failed: 0,
    created_at: now.toISOString(),
    started_at: null,
    heartbeat_at: null,
    finished_at: null,
  };
  await db.insertInto('service_batches').values(row).execute();
  return toServiceBatch(row);
}

/**
 * Keeps the upload in the store, then takes the batch's next number with one conditional update
 * (so concurrent uploads never share a number and a started batch takes no more files).
 */
export async function addBatchFile(
  db: Kysely<Database>,
  files: FileStore,
  caller: ServiceCaller,
  batchId: string,
  pdf: Uint8Array,
  name: string | undefined,
): Promise<ServiceBatchFile> {
  const batch = await batchOf(db, caller, batchId);
  if (batch.status !== 'open') throw new AppError('ERR_SERVICE_BATCH_STATE', batch.status);
  const sha256 = await files.put(pdf);
  return db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('service_batches')
      .set((eb) => ({ files: eb('files', '+', 1) }))
      .where('id', '=', batchId)
      .where('status', '=', 'open')
      .where('files', '<', MAX_SERVICE_BATCH_FILES)
      .returning('files')
      .executeTakeFirst();
    if (!taken) {
      const now = await batchOf(trx, caller, batchId);
      throw new AppError(now.status === 'open' ? 'ERR_SERVICE_BATCH_FULL' : 'ERR_SERVICE_BATCH_STATE');
    }
    const seq = Number(taken.files);
    const row = {
      batch_id: batchId,
      seq,
      name: name ?? `${seq}.pdf`,
      input_sha256: sha256,
      status: 'waiting' as const,
      output_sha256: null,
      ledger_id: null,
      error: null,
    };
    await trx.insertInto('service_batch_files').values(row).execute();
    return toBatchFile(row);
  });
}

/** Queues an open batch with files; audited as the account's. */
export async function startBatch(
  db: Kysely<Database>,
  caller: ServiceCaller,
  batchId: string,
  requestId: string,
  clock: () => Date,
): Promise<ServiceBatch> {
  return db.transaction().execute(async (trx) => {
    const batch = await batchOf(trx, caller, batchId);
    if (batch.status !== 'open') throw new AppError('ERR_SERVICE_BATCH_STATE', batch.status);
    if (Number(batch.files) === 0) throw new AppError('ERR_SERVICE_BATCH_EMPTY');
    const startedAt = clock().toISOString();
    const moved = await trx
      .updateTable('service_batches')
      .set({ status: 'queued', started_at: startedAt })
      .where('id', '=', batchId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('ERR_SERVICE_BATCH_STATE');
    await appendAudit(
      trx,
      {
        ...auditWho(serviceActor(caller, requestId)),
        action: 'service.batch.start',
        object: `service_batch:${batchId} seal:${batch.seal_id} files:${batch.files}`,
        outcome: 'success',
      },
      { clock },
    );
    return toServiceBatch({ ...batch, status: 'queued', started_at: startedAt });
  });
}

/** A page of the batch's files in order. */
export async function listBatchFiles(
  db: Kysely<Database>,
  caller: ServiceCaller,
  batchId: string,
  after: number,
  limit: number,
): Promise<ServiceBatchFile[]> {
  await batchOf(db, caller, batchId);
  const rows = await db
    .selectFrom('service_batch_files')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toBatchFile);
}

/** One sealed file of the caller's batch, with its name. */
export async function sealedBatchFile(
  db: Kysely<Database>,
  files: FileStore,
  caller: ServiceCaller,
  batchId: string,
  seq: number,
): Promise<{ name: string; pdf: Uint8Array }> {
  await batchOf(db, caller, batchId);
  const row = await db
    .selectFrom('service_batch_files')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `file ${seq} of batch ${batchId} not found`);
  if (row.status !== 'sealed' || !row.output_sha256)
    throw new AppError('ERR_SERVICE_BATCH_STATE', row.status);
  return { name: row.name, pdf: await files.get(row.output_sha256) };
}

/** `name` made safe as a ZIP entry, numbered so two files never share one. */
const entryName = (seq: number, name: string) =>
  `${String(seq).padStart(5, '0')}-${name.replace(/[/\\:*?"<>|\x00-\x1f]/g, '_')}`;

/**
 * A completed batch as one ZIP: each sealed file (read from the store when the archive reaches it)
 * and results.csv (file, status, SHA-256, ledger id, error) for every file, sealed or not.
 */
export async function batchZip(
  db: Kysely<Database>,
  files: FileStore,
  caller: ServiceCaller,
  batchId: string,
): Promise<NodeJS.ReadableStream> {
  const batch = await batchOf(db, caller, batchId);
  if (batch.status !== 'completed') throw new AppError('ERR_SERVICE_BATCH_STATE', batch.status);
  const rows = await db
    .selectFrom('service_batch_files')
    .selectAll()
    .where('batch_id', '=', batchId)
    .orderBy('seq')
    .execute();
  const zip = new ZipFile();
  const mtime = new Date();
  const csv = ['seq,file,status,sha256,ledger_id,error'];
  for (const r of rows) {
    const entry = entryName(Number(r.seq), r.name);
    csv.push(
      [String(r.seq), entry, r.status, r.output_sha256 ?? '', r.ledger_id ?? '', r.error ?? '']
        .map(csvField)
        .join(','),
    );
    const sha256 = r.output_sha256;
    if (r.status !== 'sealed' || !sha256) continue;
    // PDFs are compressed already; storing them keeps the ZIP cheap to make.
    zip.addReadStreamLazy(entry, { compress: false, mtime }, (cb) => {
      files.get(sha256).then(
        (bytes) => cb(null, Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])),
        (err: unknown) => cb(err, Readable.from([])),
      );
    });
  }
  zip.addBuffer(Buffer.from(`${csv.join('\r\n')}\r\n`, 'utf8'), 'results.csv', { mtime });
  zip.end();
  return zip.outputStream;
}
