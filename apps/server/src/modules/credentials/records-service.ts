import { createHash, randomUUID } from 'node:crypto';
import type {
  CredentialRecordInput,
  CredentialRecordSummary,
  DataSource,
  ImportReport,
  PushRecordResult,
  RecordProblem,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { type ImportFileKind, labelProblems, parseImportFile } from './record-import.ts';
import { problemDetails, type RecordSchemas } from './record-schema.ts';
import { subjectProblem } from './subject-rule.ts';
import { activeTemplateByCode, type TemplateRow, toTemplateDetail } from './templates-service.ts';

// Records are the academic and HR systems' data, one per person and credential type. Writes are
// idempotent by (type code, the source's record id): the same data again is 'unchanged', and a batch
// or a file is stored whole or not at all, with one audit entry per call.

export interface RecordsContext {
  db: Kysely<Database>;
  clock: () => Date;
  schemas: RecordSchemas;
}

export interface RecordItem {
  externalId: string;
  subject: string;
  subjectName: string;
  cohort: string | null;
  data: Record<string, unknown>;
}

type Outcome = PushRecordResult['outcome'];
interface Planned {
  item: RecordItem;
  sha256: string;
  outcome: Outcome;
  existingId: string | null;
}

type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

/** JSON with object keys sorted, so equal data hashes equally whatever order the source sent. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Covers who the record is about as well as the data: a corrected name is an update too. */
export function recordSha256(item: Omit<RecordItem, 'externalId'>): string {
  const { subject, subjectName, cohort, data } = item;
  return createHash('sha256').update(canonical({ subject, subjectName, cohort, data })).digest('hex');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What writing `items` would do, from one read of the existing rows. */
async function planUpsert(
  db: Kysely<Database>,
  typeCode: string,
  items: readonly RecordItem[],
): Promise<Planned[]> {
  const existing = new Map<string, { id: string; data_sha256: string }>();
  for (const part of chunks(
    items.map((i) => i.externalId),
    500,
  )) {
    const rows = await db
      .selectFrom('credential_records')
      .select(['id', 'external_id', 'data_sha256'])
      .where('type_code', '=', typeCode)
      .where('external_id', 'in', part)
      .execute();
    for (const r of rows) existing.set(r.external_id, r);
  }
  return items.map((item) => {
    const sha256 = recordSha256(item);
    const old = existing.get(item.externalId);
    const outcome: Outcome = !old ? 'created' : old.data_sha256 === sha256 ? 'unchanged' : 'updated';
    return { item, sha256, outcome, existingId: old?.id ?? null };
  });
}

/** The columns a push rewrites: everything but the record's identity and creation time. */
function recordColumns(item: RecordItem, sha256: string, source: string, now: string) {
  return {
    source,
    subject: item.subject,
    subject_name: item.subjectName,
    cohort: item.cohort,
    data: JSON.stringify(item.data),
    data_sha256: sha256,
    updated_at: now,
  };
}

async function applyUpsert(
  trx: Kysely<Database>,
  typeCode: string,
  plan: readonly Planned[],
  source: string,
  now: string,
): Promise<void> {
  const created = plan.filter((p) => p.outcome === 'created');
  for (const part of chunks(created, 100)) {
    await trx
      .insertInto('credential_records')
      .values(
        part.map(({ item, sha256 }) => ({
          id: randomUUID(),
          type_code: typeCode,
          external_id: item.externalId,
          ...recordColumns(item, sha256, source, now),
          created_at: now,
        })),
      )
      .execute();
  }
  for (const { item, sha256, existingId } of plan.filter((p) => p.outcome === 'updated')) {
    await trx
      .updateTable('credential_records')
      .set(recordColumns(item, sha256, source, now))
      .where('id', '=', existingId as string)
      .execute();
  }
}

/**
 * Inserts records without checks or audit: the demo seed, inside its own transaction. Every item
 * must be new.
 */
export async function insertRecords(
  trx: Kysely<Database>,
  typeCode: string,
  items: readonly RecordItem[],
  source: string,
  now: Date,
): Promise<void> {
  const plan = items.map((item) => ({
    item,
    sha256: recordSha256(item),
    outcome: 'created' as const,
    existingId: null,
  }));
  await applyUpsert(trx, typeCode, plan, source, now.toISOString());
}

function validator(ctx: RecordsContext, row: TemplateRow) {
  return ctx.schemas.forTemplate(toTemplateDetail(row));
}

export interface PushItem extends CredentialRecordInput {
  recordId: string;
}

/**
 * Validates and stores pushed records of one type, all or none, in one transaction with one
 * 'records.push' audit entry. Problems name the record's index in the batch (0 for a single push).
 */
export async function pushRecords(
  ctx: RecordsContext,
  source: DataSource,
  typeCode: string,
  records: readonly PushItem[],
): Promise<{ results: PushRecordResult[]; problems: RecordProblem[] }> {
  const template = await activeTemplateByCode(ctx.db, typeCode);
  const check = validator(ctx, template);
  const problems: RecordProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const first = seen.get(r.recordId);
    if (first !== undefined)
      problems.push({ row: i, field: 'recordId', message: `repeats the recordId of record ${first}` });
    else seen.set(r.recordId, i);
    const unfit = subjectProblem(r.subject);
    if (unfit) problems.push({ row: i, field: 'subject', message: unfit });
    problems.push(...check.check(r.data, i));
  });
  if (problems.length > 0) return { results: [], problems };

  const items: RecordItem[] = records.map((r) => ({
    externalId: r.recordId,
    subject: r.subject,
    subjectName: r.subjectName,
    cohort: r.cohort ?? null,
    data: r.data,
  }));
  const now = ctx.clock().toISOString();
  const store = () =>
    ctx.db.transaction().execute(async (trx) => {
      const planned = await planUpsert(trx, typeCode, items);
      await applyUpsert(trx, typeCode, planned, source.id, now);
      await appendAudit(
        trx,
        {
          actor: `datasource:${source.id}`,
          action: 'records.push',
          object: `credential_type:${typeCode}`,
          outcome: 'success',
        },
        { clock: ctx.clock },
      );
      return planned;
    });
  // Two systems pushing the same new record at once both plan an insert; the loser's transaction
  // rolls back on the unique key and, tried again, finds the record and updates it.
  const plan = await store().catch((e: unknown) => {
    if (isUniqueViolation(e)) return store();
    throw e;
  });
  return { results: plan.map((p) => ({ recordId: p.item.externalId, outcome: p.outcome })), problems: [] };
}

/** One pushed record; an invalid one is ERR_RECORD_INVALID with every problem, and nothing is stored. */
export async function pushRecord(
  ctx: RecordsContext,
  source: DataSource,
  typeCode: string,
  record: PushItem,
): Promise<PushRecordResult> {
  const { results, problems } = await pushRecords(ctx, source, typeCode, [record]);
  if (problems.length > 0) {
    throw new AppError('ERR_RECORD_INVALID', 'the record is invalid', problemDetails(problems, 'record'));
  }
  return results[0] as PushRecordResult;
}

/**
 * Imports a CSV or XLSX file of one credential type: one row per table row, the rows of one
 * `subject` are one person (their record id is the subject). Any problem: nothing is stored and
 * every problem is listed; `dryRun` reports what would happen without storing.
 */
export async function importRecords(
  ctx: RecordsContext,
  template: TemplateRow,
  file: { kind: ImportFileKind; bytes: Uint8Array },
  dryRun: boolean,
  who: Who,
): Promise<ImportReport> {
  const detail = toTemplateDetail(template);
  const parsed = await parseImportFile(file.kind, file.bytes, detail.dataSchema);
  const check = validator(ctx, template);
  const problems = [...parsed.problems];
  for (const person of parsed.people) {
    for (const p of check.check(person.data, person.row)) problems.push(person.rowOf(p));
  }
  const report = { rows: parsed.rows, people: parsed.people.length, created: 0, updated: 0, unchanged: 0 };
  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    return { ...report, imported: false, problems: labelProblems(problems, detail.dataSchema) };
  }
  const items: RecordItem[] = parsed.people.map((p) => ({
    externalId: p.subject,
    subject: p.subject,
    subjectName: p.subjectName,
    cohort: p.cohort,
    data: p.data,
  }));
  const count = (plan: readonly Planned[]) => {
    for (const p of plan) report[p.outcome] += 1;
  };
  if (dryRun) {
    count(await planUpsert(ctx.db, template.code, items));
    return { ...report, imported: false, problems: [] };
  }
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const plan = await planUpsert(trx, template.code, items);
    await applyUpsert(trx, template.code, plan, 'import', now);
    await appendAudit(
      trx,
      { ...who, action: 'records.import', object: `credential_type:${template.code}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    count(plan);
  });
  return { ...report, imported: true, problems: [] };
}

export interface RecordsQuery {
  typeCode: string;
  cohort?: string;
  /** Subject (exact) or subject name (contains). */
  q?: string;
  page?: number;
  pageSize?: number;
}

export async function listRecords(
  db: Kysely<Database>,
  query: RecordsQuery,
): Promise<{ items: CredentialRecordSummary[]; total: number }> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  let base = db.selectFrom('credential_records as r').where('r.type_code', '=', query.typeCode);
  if (query.cohort !== undefined) base = base.where('r.cohort', '=', query.cohort);
  if (query.q) {
    const q = query.q;
    base = base.where((eb) => eb.or([eb('r.subject', '=', q), eb('r.subject_name', 'like', `%${q}%`)]));
  }
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('data_sources as s', 's.id', 'r.source')
    .select([
      'r.id',
      'r.type_code',
      'r.subject',
      'r.subject_name',
      'r.cohort',
      'r.source',
      'r.updated_at',
      's.name as source_name',
    ])
    .orderBy('r.subject')
    .orderBy('r.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      typeCode: r.type_code,
      subject: r.subject,
      subjectName: r.subject_name,
      cohort: r.cohort,
      source: r.source_name ?? r.source,
      updatedAt: r.updated_at,
    })),
  };
}

/** The cohorts of a type with how many records each holds, newest cohort first. */
export async function recordCohorts(
  db: Kysely<Database>,
  typeCode: string,
): Promise<{ cohort: string; count: number }[]> {
  const rows = await db
    .selectFrom('credential_records')
    .select(['cohort', (eb) => eb.fn.countAll<number>().as('n')])
    .where('type_code', '=', typeCode)
    .where('cohort', 'is not', null)
    .groupBy('cohort')
    .orderBy('cohort', 'desc')
    .execute();
  return rows.map((r) => ({ cohort: r.cohort as string, count: Number(r.n) }));
}
