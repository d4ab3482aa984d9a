// Batch issuing jobs: what a registrar creates, lists, pauses and resumes. The work itself is done by
// job-runner.ts; here are the rows. A job and all its items (one per person, in seq order) are
// created in one transaction, so a job is never half-created.
import { randomUUID } from 'node:crypto';
import type {
  CreateCredentialJobBody,
  CredentialJob,
  CredentialJobCheck,
  CredentialJobDetail,
} from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialJobTable, Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { accountsByIds, findAccount } from '../auth/accounts.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { assertPrintableAddress } from './public-address.ts';

/** Items inserted per statement (5 parameters each, far below SQLite's and PostgreSQL's limits). */
const INSERT_CHUNK = 500;
/** Subjects looked up per statement. */
const LOOKUP_CHUNK = 1000;
/** Failed items listed in a job's detail; the ZIP's errors.csv lists them all. */
const DETAIL_ERRORS = 1000;

export const jobObject = (id: string): string => `credential-job:${id}`;

/** The template (credential type) a job would issue, by code; its owner unit is the job's scope. */
export async function templateByCode(db: Kysely<Database>, typeCode: string) {
  const row = await db
    .selectFrom('credential_templates')
    .select(['id', 'owner_unit_id', 'active'])
    .where('code', '=', typeCode)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential type ${typeCode} not found`);
  return row;
}

/** The unit a job acts on (its template's owner unit when it was created). */
export async function jobUnit(db: Kysely<Database>, jobId: string): Promise<string> {
  const row = await db
    .selectFrom('credential_jobs')
    .select('unit_id')
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential job ${jobId} not found`);
  return row.unit_id;
}

type SelectedRecord = { id: string; subject: string; updated_at: string };

/** The latest record per subject: a person gets one credential per job even with two records. */
function latestPerSubject(rows: readonly SelectedRecord[]): SelectedRecord[] {
  const bySubject = new Map<string, SelectedRecord>();
  for (const r of rows) {
    const seen = bySubject.get(r.subject);
    if (!seen || r.updated_at > seen.updated_at || (r.updated_at === seen.updated_at && r.id > seen.id))
      bySubject.set(r.subject, r);
  }
  return [...bySubject.values()].sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0));
}

async function selectRecords(
  trx: Kysely<Database>,
  typeCode: string,
  body: CreateCredentialJobBody,
): Promise<SelectedRecord[]> {
  const base = () => {
    let q = trx
      .selectFrom('credential_records')
      .select(['id', 'subject', 'updated_at'])
      .where('type_code', '=', typeCode);
    if (body.cohort !== undefined) q = q.where('cohort', '=', body.cohort);
    return q;
  };
  if (!body.subjects) return latestPerSubject(await base().execute());
  const wanted = [...new Set(body.subjects)];
  const rows: SelectedRecord[] = [];
  for (let i = 0; i < wanted.length; i += LOOKUP_CHUNK) {
    rows.push(
      ...(await base()
        .where('subject', 'in', wanted.slice(i, i + LOOKUP_CHUNK))
        .execute()),
    );
  }
  const found = new Set(rows.map((r) => r.subject));
  const missing = wanted.filter((s) => !found.has(s));
  if (missing.length > 0) {
    throw new AppError(
      'ERR_JOB_SUBJECTS_UNKNOWN',
      `${missing.length} subject(s) have no ${typeCode} record${body.cohort ? ` in cohort ${body.cohort}` : ''}`,
      missing.slice(0, 100),
    );
  }
  return latestPerSubject(rows);
}

/** How many of `subjects` hold a current (issued, not revoked) credential of the type. */
async function countIssued(
  db: Kysely<Database>,
  typeCode: string,
  subjects: readonly string[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < subjects.length; i += LOOKUP_CHUNK) {
    const row = await db
      .selectFrom('credentials')
      .select((eb) => eb.fn.count<number>('subject').distinct().as('n'))
      .where('type_code', '=', typeCode)
      .where('status', '=', 'issued')
      .where('subject', 'in', subjects.slice(i, i + LOOKUP_CHUNK))
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

/** What a job would do, so the console can ask before issuing again to people who hold one. */
export async function checkJob(
  ctx: CredentialsContext,
  body: CreateCredentialJobBody,
): Promise<CredentialJobCheck> {
  if (body.cohort === undefined && body.subjects === undefined) throw new AppError('ERR_JOB_SELECTION');
  await templateByCode(ctx.db, body.typeCode);
  const records = await selectRecords(ctx.db, body.typeCode, body);
  const subjects = records.map((r) => r.subject);
  return { people: subjects.length, alreadyIssued: await countIssued(ctx.db, body.typeCode, subjects) };
}

/**
 * Creates a job with one pending item per selected person (seq order = subject order), and its
 * audit entry, in one transaction. The runner is told by the caller once it has committed.
 */
export async function createJob(
  ctx: CredentialsContext,
  body: CreateCredentialJobBody,
  by: SealActor,
): Promise<CredentialJob> {
  if (body.cohort === undefined && body.subjects === undefined) throw new AppError('ERR_JOB_SELECTION');
  // Refused before a batch is queued, not item by item.
  assertPrintableAddress(ctx);
  const template = await templateByCode(ctx.db, body.typeCode);
  if (!template.active)
    throw new AppError('ERR_CREDENTIAL_TEMPLATE_INACTIVE', `credential type ${body.typeCode} is inactive`);
  const id = randomUUID();
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const records = await selectRecords(trx, body.typeCode, body);
    if (records.length === 0)
      throw new AppError('ERR_JOB_EMPTY', `no ${body.typeCode} record matches the selection`);
    if (body.reissue !== true) {
      const issued = await countIssued(
        trx,
        body.typeCode,
        records.map((r) => r.subject),
      );
      if (issued > 0)
        throw new AppError(
          'ERR_JOB_ALREADY_ISSUED',
          `${issued} of the ${records.length} people already hold a current ${body.typeCode}; send reissue: true to issue again`,
        );
    }
    await trx
      .insertInto('credential_jobs')
      .values({
        id,
        template_id: template.id,
        cohort: body.cohort ?? null,
        status: 'running',
        total: records.length,
        created_by: by.userId,
        unit_id: template.owner_unit_id,
        created_at: now,
        finished_at: null,
      })
      .execute();
    for (let i = 0; i < records.length; i += INSERT_CHUNK) {
      await trx
        .insertInto('credential_job_items')
        .values(
          records.slice(i, i + INSERT_CHUNK).map((r, j) => ({
            job_id: id,
            seq: i + j + 1,
            record_id: r.id,
            subject: r.subject,
            status: 'pending' as const,
          })),
        )
        .execute();
    }
    await appendAudit(
      trx,
      { ...auditWho(by), action: 'credential.job.create', object: jobObject(id), outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return getJob(ctx.db, id);
}

function jobQuery(db: Kysely<Database>) {
  return db
    .selectFrom('credential_jobs as j')
    .innerJoin('credential_templates as t', 't.id', 'j.template_id')
    .select([
      'j.id',
      'j.cohort',
      'j.status',
      'j.total',
      'j.done',
      'j.failed',
      'j.created_at',
      'j.finished_at',
      'j.run_ms',
      't.code',
      't.name_zh',
      't.name_en',
      'j.created_by',
    ]);
}

type JobRow = Pick<
  Selectable<CredentialJobTable>,
  | 'id'
  | 'cohort'
  | 'status'
  | 'total'
  | 'done'
  | 'failed'
  | 'created_at'
  | 'finished_at'
  | 'run_ms'
  | 'created_by'
> & { code: string; name_zh: string; name_en: string };

/** The jobs with their creators' usernames (one query for the page); a job whose creator is gone is left out. */
async function toJobs(db: Kysely<Database>, rows: readonly JobRow[]): Promise<CredentialJob[]> {
  const accounts = await accountsByIds(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.flatMap((r) => {
    const account = accounts.get(r.created_by);
    return account ? [toJob(r, account.username)] : [];
  });
}

function toJob(r: JobRow, createdBy: string): CredentialJob {
  const runMs = Number(r.run_ms);
  const processed = Number(r.done) + Number(r.failed);
  return {
    id: r.id,
    typeCode: r.code,
    typeName: { zh: r.name_zh, en: r.name_en },
    cohort: r.cohort,
    status: r.status,
    total: Number(r.total),
    done: Number(r.done),
    failed: Number(r.failed),
    createdBy,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    rate: runMs > 0 ? Math.round((processed / (runMs / 1000)) * 10) / 10 : null,
  };
}

export async function getJob(db: Kysely<Database>, id: string): Promise<CredentialJob> {
  const row = await jobQuery(db).where('j.id', '=', id).executeTakeFirst();
  const [job] = row ? await toJobs(db, [row]) : [];
  if (!job) throw new AppError('ERR_NOT_FOUND', `credential job ${id} not found`);
  return job;
}

/** Jobs acting on the given units (the caller's scope), newest first; null: every unit. */
export async function listJobs(
  db: Kysely<Database>,
  unitIds: readonly string[] | null,
): Promise<CredentialJob[]> {
  if (unitIds !== null && unitIds.length === 0) return [];
  let q = jobQuery(db).orderBy('j.created_at', 'desc').orderBy('j.id').limit(200);
  if (unitIds !== null) q = q.where('j.unit_id', 'in', [...unitIds]);
  return toJobs(db, await q.execute());
}

export async function getJobDetail(db: Kysely<Database>, id: string): Promise<CredentialJobDetail> {
  const job = await getJob(db, id);
  const errors = await db
    .selectFrom('credential_job_items as i')
    .innerJoin('credential_records as r', 'r.id', 'i.record_id')
    .select(['i.subject', 'r.subject_name', 'i.error_code', 'i.error'])
    .where('i.job_id', '=', id)
    .where('i.status', '=', 'failed')
    .orderBy('i.seq')
    .limit(DETAIL_ERRORS)
    .execute();
  return {
    ...job,
    errors: errors.map((e) => ({
      subject: e.subject,
      subjectName: e.subject_name,
      code: e.error_code ?? 'ERR_INTERNAL',
      message: e.error ?? '',
    })),
  };
}

/**
 * Pause: the runner takes no new item (those under way still finish). Resume: it carries on from
 * the first pending item. Each change and its audit entry commit together.
 */
export async function changeJobStatus(
  ctx: CredentialsContext,
  id: string,
  action: 'pause' | 'resume',
  by: SealActor,
): Promise<CredentialJob> {
  const [from, to] = action === 'pause' ? (['running', 'paused'] as const) : (['paused', 'running'] as const);
  await ctx.db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('credential_jobs')
      .set({ status: to })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) {
      const exists = await trx
        .selectFrom('credential_jobs')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) throw new AppError('ERR_NOT_FOUND', `credential job ${id} not found`);
      throw new AppError('ERR_JOB_STATE', `job ${id} is ${exists.status}; cannot ${action}`);
    }
    await appendAudit(
      trx,
      { ...auditWho(by), action: `credential.job.${action}`, object: jobObject(id), outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return getJob(ctx.db, id);
}

/** The actor a job's credentials are issued as: its creator, acting as registrar for the job's unit. */
export async function jobActor(db: Kysely<Database>, jobId: string): Promise<SealActor> {
  const job = await db
    .selectFrom('credential_jobs')
    .select(['created_by', 'unit_id'])
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  const creator = await findAccount(db, job.created_by);
  if (!creator) throw new AppError('ERR_NOT_FOUND', `the creator of credential job ${jobId} is gone`);
  return {
    actor: creator.username,
    userId: creator.id,
    role: 'business_creator',
    org: job.unit_id,
    requestId: null,
  };
}
