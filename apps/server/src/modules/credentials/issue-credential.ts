// Issuing one credential: plan (template + its seals) -> prepare (ids, codes, inputs, footer) ->
// render and seal (a renderer) -> store the file -> persist (ledger rows, credential row, audit entry)
// in one transaction. Batches (credential jobs) use the same steps with their own renderer calls.
import { randomUUID } from 'node:crypto';
import type { CredentialDetail, DocumentType } from '@openseal/contract';
import { bindRecord, type CredentialTemplate, TemplateError } from '@openseal/templates';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecordTable, Database } from '../../db/schema.ts';
import { AppError, packageRefusal } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { credentialIssued, recordEvent } from '../integrations/events/business-events.ts';
import { sm3Hex } from '../sealing/document-sm3.ts';
import type { SealUse } from '../sealing/seal-use.ts';
import { RenderError } from '../sealing/sealing-errors.ts';
import { recordIssuedDocument, type TemplateSealRef, templateSeals } from '../sealing/template-seals.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import { newPublicId, newVerificationCode, printedCode } from './credential-codes.ts';
import { type CredentialRow, credentialDetail, verifyUrl } from './credential-view.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { assertPrintableAddress } from './public-address.ts';
import type { RenderedCredential, RenderTask } from './render-task.ts';

export interface IssuePlan {
  templateId: string;
  typeCode: string;
  version: number;
  name: { zh: string; en: string };
  language: 'zh' | 'en';
  ownerUnitId: string;
  retentionYears: number;
  template: CredentialTemplate;
  issuer: SealUse;
  counter: SealUse | null;
}

export interface PreparedCredential {
  id: string;
  publicId: string;
  code: string;
  recordId: string;
  subject: string;
  subjectName: string;
  task: RenderTask;
}

/** The template of `templateId` with its seals, ready to render: refuses an inactive template or seal. */
export async function loadIssuePlan(ctx: CredentialsContext, templateId: string): Promise<IssuePlan> {
  const row = await ctx.db
    .selectFrom('credential_templates')
    .selectAll()
    .where('id', '=', templateId)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `credential template ${templateId} not found`);
  if (Number(row.active) !== 1) throw new AppError('ERR_CREDENTIAL_TEMPLATE_INACTIVE');
  const seals = await templateSeals(
    ctx.seals,
    { kind: 'template', typeCode: row.code },
    JSON.parse(row.seals) as TemplateSealRef[],
  );
  return {
    templateId: row.id,
    typeCode: row.code,
    version: Number(row.version),
    name: { zh: row.name_zh, en: row.name_en },
    language: row.language,
    ownerUnitId: row.owner_unit_id,
    retentionYears: Number(row.retention_years),
    template: JSON.parse(row.template) as CredentialTemplate,
    issuer: seals.issuer,
    counter: seals.counter,
  };
}

/** The date of issue as printed, in the credential's language: the calendar day in the school's time zone. */
export function printedDate(date: Date, lang: 'zh' | 'en', timeZone: string): string {
  if (lang === 'en')
    return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const [y, m, d] = date.toLocaleDateString('en-CA', { timeZone }).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function hasField(template: CredentialTemplate, name: string): boolean {
  return template.schemas.some((page) =>
    page.some(
      (s) =>
        (s.name === name && !s.readOnly) || (s.type === 'multiVariableText' && s.variables.includes(name)),
    ),
  );
}

/** The verification footer printed on every page (CREDENTIALS-API.md). */
export function footerFor(publicUrl: string, publicId: string, code: string) {
  return {
    url: verifyUrl(publicUrl, publicId),
    code: printedCode(code),
    qrText: `${verifyUrl(publicUrl, publicId)}?c=${code}`,
  };
}

/** The inputs a record gives the template, with the date of issue when the record lacks one. */
export function recordInputs(
  plan: Pick<IssuePlan, 'template' | 'language'>,
  data: Record<string, unknown>,
  issuedAt: Date,
  timeZone: string,
) {
  const withDate =
    data['issueDate'] === undefined && hasField(plan.template, 'issueDate')
      ? { ...data, issueDate: printedDate(issuedAt, plan.language, timeZone) }
      : data;
  try {
    return bindRecord(plan.template, withDate);
  } catch (e) {
    if (e instanceof TemplateError)
      throw packageRefusal('credentialRender', e, e.message, [`${e.code}: ${e.message}`]);
    throw e;
  }
}

export function prepareCredential(
  ctx: CredentialsContext,
  plan: IssuePlan,
  record: Selectable<CredentialRecordTable>,
): PreparedCredential {
  assertPrintableAddress(ctx);
  const publicId = newPublicId();
  const code = newVerificationCode();
  const inputs = recordInputs(
    plan,
    JSON.parse(record.data) as Record<string, unknown>,
    ctx.clock(),
    ctx.timeZone,
  );
  return {
    id: randomUUID(),
    publicId,
    code,
    recordId: record.id,
    subject: record.subject,
    subjectName: record.subject_name,
    task: {
      templateKey: `${plan.templateId}:${plan.version}`,
      template: plan.template,
      inputs,
      footer: footerFor(ctx.publicUrl, publicId, code),
      title: `${plan.name[plan.language]} ${record.subject_name}`,
      lang: plan.language,
      issuer: plan.issuer,
      counter: plan.counter,
      reason: plan.name[plan.language],
    },
  };
}

/** Transcripts are ledgered as transcripts, everything else as certificates (seal grants filter on it). */
const documentTypeOf = (typeCode: string): DocumentType =>
  typeCode.includes('transcript') ? 'transcript' : 'certificate';

/** The date `years` after `issued` (ISO date), the file's retention end. */
export function retainUntil(issued: Date, years: number): string {
  const d = new Date(issued.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export async function persistCredential(
  trx: Kysely<Database>,
  ctx: CredentialsContext,
  plan: IssuePlan,
  prepared: PreparedCredential,
  rendered: RenderedCredential,
  by: SealActor,
  links: { jobId?: string; requestId?: string },
): Promise<CredentialDetail> {
  const now = ctx.clock();
  // The seal step re-checks the seals and writes the ledger rows in this transaction.
  const ledgerId = await recordIssuedDocument(trx, {
    sha256: rendered.sha256,
    sm3: sm3Hex(rendered.pdf),
    seals: { issuer: plan.issuer, counter: plan.counter },
    by,
    purpose: `credential:${plan.typeCode}`,
    documentType: documentTypeOf(plan.typeCode),
    requestId: links.requestId ?? null,
    at: now,
  });
  const taken = await trx
    .selectFrom('credentials')
    .select('id')
    .where('public_id', '=', prepared.publicId)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_CREDENTIAL_ID_COLLISION');
  const row = {
    id: prepared.id,
    public_id: prepared.publicId,
    code: prepared.code,
    template_id: plan.templateId,
    type_code: plan.typeCode,
    record_id: prepared.recordId,
    subject: prepared.subject,
    subject_name: prepared.subjectName,
    status: 'issued' as const,
    sha256: rendered.sha256,
    page_count: rendered.pageCount,
    ledger_id: ledgerId,
    unit_id: plan.ownerUnitId,
    job_id: links.jobId ?? null,
    request_id: links.requestId ?? null,
    issued_by: by.userId,
    issued_at: now.toISOString(),
    retain_until: retainUntil(now, plan.retentionYears),
    revoked_at: null,
    revoked_by: null,
    revoke_reason: null,
  };
  await trx.insertInto('credentials').values(row).execute();
  await recordEvent(trx, credentialIssued(row), now);
  await appendAudit(
    trx,
    { ...auditWho(by), action: 'credential.issue', object: `credential:${prepared.id}`, outcome: 'success' },
    { clock: ctx.clock },
  );
  const viewRow: CredentialRow = { ...row, name_zh: plan.name.zh, name_en: plan.name.en };
  return credentialDetail(viewRow, ctx.publicUrl);
}

/** Renders, seals, stores and records one credential for `record`, as `by`. */
export async function issueCredential(
  ctx: CredentialsContext,
  plan: IssuePlan,
  record: Selectable<CredentialRecordTable>,
  by: SealActor,
  links: { requestId?: string } = {},
): Promise<CredentialDetail> {
  const prepared = prepareCredential(ctx, plan, record);
  let rendered: RenderedCredential;
  try {
    rendered = await ctx.renderer.render(prepared.task);
  } catch (e) {
    throw renderFailure(e);
  }
  // The store names files by their hash: what the renderer claims must be what is archived.
  if ((await ctx.files.put(rendered.pdf)) !== rendered.sha256) {
    throw new AppError('ERR_INTERNAL', 'the rendered credential does not match its SHA-256');
  }
  return ctx.db
    .transaction()
    .execute((trx) => persistCredential(trx, ctx, plan, prepared, rendered, by, links));
}

/** A renderer's refusal as the API's error (the worker pool hands them over as RenderError or AppError). */
export function renderFailure(e: unknown): unknown {
  if (e instanceof RenderError)
    return new AppError('ERR_CREDENTIAL_RENDER_FAILED', e.message, [`${e.code}: ${e.message}`]);
  return e;
}
