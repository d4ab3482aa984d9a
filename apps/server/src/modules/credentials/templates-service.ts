import { randomUUID } from 'node:crypto';
import type {
  CredentialTemplateDetail,
  CredentialTemplateInput,
  CredentialTemplateSummary,
  TemplateSeal,
} from '@openseal/contract';
import {
  bindRecord,
  type CompiledTemplate,
  type CredentialTemplate,
  compileTemplate,
  TemplateError,
} from '@openseal/templates';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialTemplateTable, Database } from '../../db/schema.ts';
import { AppError, packageRefusal } from '../../errors.ts';
import { authorize, type Grant } from '../../plugins/access-policy.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { unitPaths } from '../org/org-service.ts';
import { sealNames } from '../seals/seal-reads.ts';
import { sealStates } from '../seals/seal-use-rows.ts';
import { SPECIMEN_WATERMARK } from './credential-codes.ts';
import { problemDetails, type RecordSchemas } from './record-schema.ts';

export type TemplateRow = Selectable<CredentialTemplateTable>;

/** Who changes a template: the audit fields and the user id kept in `updated_by`. */
export type TemplateActor = Omit<AuditEvent, 'action' | 'object' | 'outcome'> & { userId: string };

/** A record to preview a template of `typeCode` with, when none is stored; undefined: none. */
export type SampleRecordSource = (
  typeCode: string,
  audience: TemplateRow['audience'],
  now: Date,
) => Promise<Record<string, unknown> | undefined>;

export interface TemplatesContext {
  db: Kysely<Database>;
  clock: () => Date;
  schemas: RecordSchemas;
  /** The demo's sample people, loaded on first use (app.ts); absent: a preview without a record is empty. */
  sampleRecord?: SampleRecordSource;
}

export function toTemplateSummary(r: TemplateRow): CredentialTemplateSummary {
  return {
    id: r.id,
    code: r.code,
    name: { zh: r.name_zh, en: r.name_en },
    audience: r.audience,
    language: r.language,
    ownerUnitId: r.owner_unit_id,
    seals: JSON.parse(r.seals) as TemplateSeal[],
    requiresApproval: r.requires_approval === 1,
    retentionYears: Number(r.retention_years),
    active: r.active === 1,
    version: Number(r.version),
    updatedAt: r.updated_at,
  };
}

export function toTemplateDetail(r: TemplateRow): CredentialTemplateDetail {
  return {
    ...toTemplateSummary(r),
    template: JSON.parse(r.template) as CredentialTemplateDetail['template'],
    dataSchema: JSON.parse(r.data_schema) as CredentialTemplateDetail['dataSchema'],
  };
}

/** A TemplateError from @openseal/templates as the API's error, with the engine's message as detail. */
export function templateAppError(err: TemplateError): AppError {
  return packageRefusal('template', err, err.message, [err.message]);
}

/** Compiles a stored or submitted template; an unusable one is ERR_TEMPLATE_INVALID with the reason. */
export function compileOrRefuse(template: unknown): CompiledTemplate {
  try {
    return compileTemplate(template as CredentialTemplate);
  } catch (err) {
    if (err instanceof TemplateError) throw templateAppError(err);
    throw err;
  }
}

/** The org units (as path arrays) of every template, for listing in the caller's scope. */
async function templateUnitPaths(db: Kysely<Database>): Promise<Map<string, string[]>> {
  const paths = await unitPaths(db);
  return new Map([...paths].map(([id, path]) => [id, path.split('/').filter((s) => s !== '')]));
}

export async function listTemplates(
  db: Kysely<Database>,
  grants: readonly Grant[],
): Promise<CredentialTemplateSummary[]> {
  const [rows, paths] = await Promise.all([
    db.selectFrom('credential_templates').selectAll().orderBy('code').execute(),
    templateUnitPaths(db),
  ]);
  return rows
    .filter((r) => authorize('templates.manage', grants, paths.get(r.owner_unit_id) ?? []).allowed)
    .map(toTemplateSummary);
}

export async function templateRow(db: Kysely<Database>, id: string): Promise<TemplateRow> {
  const row = await db.selectFrom('credential_templates').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential template ${id} not found`);
  return row;
}

/** The template of a type code (active or not); ERR_NOT_FOUND when there is none. */
export async function templateByCode(db: Kysely<Database>, code: string): Promise<TemplateRow> {
  const row = await db
    .selectFrom('credential_templates')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `no credential template with code ${code}`);
  return row;
}

/** The active template records of `code` are validated against; ERR_RECORD_TYPE_UNKNOWN otherwise. */
export async function activeTemplateByCode(db: Kysely<Database>, code: string): Promise<TemplateRow> {
  const row = await db
    .selectFrom('credential_templates')
    .selectAll()
    .where('code', '=', code)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_RECORD_TYPE_UNKNOWN', `no active credential template ${code}`);
  return row;
}

/** The seal roles the template has a slot for. */
function slotRoles(template: CredentialTemplate): Set<string> {
  const roles = new Set<string>();
  for (const page of template.schemas)
    for (const s of page) if (s.type === 'sealSlot') roles.add((s as { sealRole: string }).sealRole);
  return roles;
}

/**
 * Everything a template must satisfy before it is stored: the pdfme template compiles, the record
 * schema compiles, and each slot has exactly one active electronic seal (and each seal a slot).
 */
async function checkInput(ctx: TemplatesContext, input: CredentialTemplateInput): Promise<void> {
  compileOrRefuse(input.template);
  ctx.schemas.compile(input.dataSchema);

  const problems: string[] = [];
  const roles = input.seals.map((s) => s.role);
  if (new Set(roles).size !== roles.length) problems.push('each seal role (issuer, counter) may appear once');
  if (!roles.includes('issuer')) problems.push('an issuer seal is required');
  const slots = slotRoles(input.template as unknown as CredentialTemplate);
  for (const role of slots)
    if (!roles.includes(role as TemplateSeal['role'])) problems.push(`the ${role} seal slot has no seal`);
  for (const role of roles)
    if (!slots.has(role)) problems.push(`the template has no sealSlot for the ${role} seal`);
  const ids = input.seals.map((s) => s.sealId);
  const [seals, names] = await Promise.all([sealStates(ctx.db, ids), sealNames(ctx.db, ids)]);
  for (const s of input.seals) {
    const seal = seals.find((x) => x.id === s.sealId);
    const name = names.get(s.sealId);
    if (!seal) problems.push(`${s.role} seal ${s.sealId} does not exist`);
    else if (seal.physical === 1) problems.push(`${s.role} seal ${name} is a physical seal`);
    else if (seal.status !== 'active') problems.push(`${s.role} seal ${name} is ${seal.status}`);
  }
  if (problems.length > 0) throw new AppError('ERR_TEMPLATE_SEAL', problems.join('; '), problems);
}

function columns(input: CredentialTemplateInput) {
  return {
    code: input.code,
    name_zh: input.name.zh,
    name_en: input.name.en,
    audience: input.audience,
    language: input.language,
    owner_unit_id: input.ownerUnitId,
    template: JSON.stringify(input.template),
    data_schema: JSON.stringify(input.dataSchema),
    seals: JSON.stringify(input.seals),
    requires_approval: input.requiresApproval ? 1 : 0,
    retention_years: input.retentionYears,
    active: input.active ? 1 : 0,
  };
}

async function codeTaken(db: Kysely<Database>, code: string): Promise<boolean> {
  return (
    (await db.selectFrom('credential_templates').select('id').where('code', '=', code).executeTakeFirst()) !==
    undefined
  );
}

export async function createTemplate(
  ctx: TemplatesContext,
  input: CredentialTemplateInput,
  who: TemplateActor,
): Promise<CredentialTemplateDetail> {
  await checkInput(ctx, input);
  const id = await ctx.db.transaction().execute(async (trx) => {
    if (await codeTaken(trx, input.code)) throw new AppError('ERR_TEMPLATE_CODE_TAKEN');
    return insertTemplate(trx, input, who, ctx.clock);
  });
  return toTemplateDetail(await templateRow(ctx.db, id));
}

/**
 * Stores a template with its audit entry inside the caller's transaction, unchecked: createTemplate
 * checks first; the demo seed stores its known-good types in one transaction. Returns the new id.
 */
export async function insertTemplate(
  trx: Kysely<Database>,
  input: CredentialTemplateInput,
  who: TemplateActor,
  clock: () => Date,
): Promise<string> {
  const now = clock().toISOString();
  const id = randomUUID();
  const { userId, ...audit } = who;
  await trx
    .insertInto('credential_templates')
    .values({ id, ...columns(input), version: 1, updated_by: userId, updated_at: now, created_at: now })
    .execute();
  await appendAudit(
    trx,
    {
      ...audit,
      action: 'credential.template.create',
      object: `credential_template:${id}`,
      outcome: 'success',
    },
    { clock },
  );
  return id;
}

/** Replaces a template's settings; `version` goes up by one. The code never changes. */
export async function updateTemplate(
  ctx: TemplatesContext,
  id: string,
  input: CredentialTemplateInput,
  who: TemplateActor,
): Promise<CredentialTemplateDetail> {
  const old = await templateRow(ctx.db, id);
  if (old.code !== input.code) throw new AppError('ERR_TEMPLATE_CODE_CHANGED');
  await checkInput(ctx, input);
  const now = ctx.clock().toISOString();
  const { userId, ...audit } = who;
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('credential_templates')
      .set((eb) => ({
        ...columns(input),
        version: eb('version', '+', 1),
        updated_by: userId,
        updated_at: now,
      }))
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_NOT_FOUND');
    await appendAudit(
      trx,
      {
        ...audit,
        action: 'credential.template.update',
        object: `credential_template:${id}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
  });
  return toTemplateDetail(await templateRow(ctx.db, id));
}

/** The record a preview shows when none is given: the first stored one, else the sample source's. */
async function sampleRecord(ctx: TemplatesContext, row: TemplateRow): Promise<Record<string, unknown>> {
  const stored = await ctx.db
    .selectFrom('credential_records')
    .select('data')
    .where('type_code', '=', row.code)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (stored) return JSON.parse(stored.data) as Record<string, unknown>;
  return (await ctx.sampleRecord?.(row.code, row.audience, ctx.clock())) ?? {};
}

/**
 * An unsigned specimen of the template, filled with `record` (checked against the data schema) or a
 * sample record. Its footer carries the code SPECIMEN, so it can never pass as an issued document.
 */
export async function previewTemplate(
  ctx: TemplatesContext & { publicUrl: string },
  id: string,
  record: Record<string, unknown> | undefined,
): Promise<Uint8Array> {
  const row = await templateRow(ctx.db, id);
  const detail = toTemplateDetail(row);
  if (record) {
    const problems = ctx.schemas.forTemplate(detail).check(record, 1);
    if (problems.length > 0)
      throw new AppError(
        'ERR_RECORD_INVALID',
        'the preview record is invalid',
        problemDetails(problems, 'record'),
      );
  }
  const data = record ?? (await sampleRecord(ctx, row));
  const template = detail.template as unknown as CredentialTemplate;
  try {
    const compiled = compileTemplate(template);
    return compiled.render(
      bindRecord(template, data),
      { url: `${ctx.publicUrl}/v/SPECIMEN`, code: 'SPECIMEN', qrText: `${ctx.publicUrl}/verify` },
      {
        title: row.language === 'zh' ? row.name_zh : row.name_en,
        lang: row.language,
        watermark: SPECIMEN_WATERMARK,
      },
    ).pdf;
  } catch (err) {
    if (err instanceof TemplateError) throw templateAppError(err);
    throw err;
  }
}
