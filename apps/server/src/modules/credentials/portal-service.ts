// The student/staff portal: which credential types I can get, a specimen of mine, asking for one
// (issued at once, or an approval request of type credential.issue), my credentials.
import type {
  CredentialAudience,
  CredentialDetail,
  PortalCredentialType,
  PortalRequestResult,
} from '@openseal/contract';
import {
  type CompiledTemplate,
  type CredentialTemplate,
  compileTemplate,
  TemplateError,
} from '@openseal/templates';
import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecordTable, CredentialTemplateTable, Database } from '../../db/schema.ts';
import { AppError, packageRefusal } from '../../errors.ts';
import { submitRequest } from '../approvals/requests-service.ts';
import { findAccount } from '../auth/accounts.ts';
import { unitPath } from '../org/org-service.ts';
import { anyUnitOfKind } from '../org/unit-reads.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { uploadIntake } from '../uploads/uploads-service.ts';
import { SPECIMEN_WATERMARK } from './credential-codes.ts';
import { type CredentialRow, credentialDetail, credentialsQuery } from './credential-view.ts';
import type { CredentialsContext } from './credentials-context.ts';
import { issueCredential, loadIssuePlan, recordInputs } from './issue-credential.ts';
import { assertPrintableAddress } from './public-address.ts';

/** Students belong to a college (their unit or one above it); everyone else is staff. */
export async function audienceOf(db: Kysely<Database>, userId: string): Promise<CredentialAudience> {
  const account = await findAccount(db, userId);
  if (!account) throw new AppError('ERR_NOT_FOUND', `user ${userId} not found`);
  return (await anyUnitOfKind(db, await unitPath(db, account.unitId), 'college')) ? 'student' : 'staff';
}

/** Active types of my audience, and any active type the academic/HR systems sent me data for. */
export async function portalTypes(
  db: Kysely<Database>,
  me: { userId: string; username: string },
): Promise<PortalCredentialType[]> {
  const mine = await db
    .selectFrom('credential_records')
    .select('type_code')
    .distinct()
    .where('subject', '=', me.username)
    .execute();
  const withData = new Set(mine.map((r) => r.type_code));
  const templates = await db
    .selectFrom('credential_templates')
    .select(['code', 'name_zh', 'name_en', 'requires_approval', 'audience'])
    .where('active', '=', 1)
    .orderBy('code')
    .execute();
  // Who I am, by the data the academic/HR systems sent about me; without any, by where I belong
  // (a teacher of a college has staff records, so the college alone does not make a student).
  const fromData = new Set(templates.filter((t) => withData.has(t.code)).map((t) => t.audience));
  const audiences = fromData.size > 0 ? fromData : new Set([await audienceOf(db, me.userId)]);
  return templates
    .filter((t) => audiences.has(t.audience) || withData.has(t.code))
    .map((t) => ({
      code: t.code,
      name: { zh: t.name_zh, en: t.name_en },
      requiresApproval: Number(t.requires_approval) === 1,
      available: withData.has(t.code),
    }));
}

async function activeTemplate(
  db: Kysely<Database>,
  code: string,
): Promise<Selectable<CredentialTemplateTable>> {
  const t = await db
    .selectFrom('credential_templates')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  if (!t) throw new AppError('ERR_NOT_FOUND', `credential type ${code} not found`);
  if (Number(t.active) !== 1) throw new AppError('ERR_CREDENTIAL_TEMPLATE_INACTIVE');
  return t;
}

/** My latest record of a type. */
async function myRecord(
  db: Kysely<Database>,
  typeCode: string,
  subject: string,
): Promise<Selectable<CredentialRecordTable>> {
  const record = await db
    .selectFrom('credential_records')
    .selectAll()
    .where('type_code', '=', typeCode)
    .where('subject', '=', subject)
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  if (!record) throw new AppError('ERR_PORTAL_NO_RECORD');
  return record;
}

/** Renders specimens in the main thread (no seal, no key): compiled templates cached by id and version. */
export function specimenRenderer(publicUrl: string) {
  const compiled = new Map<string, CompiledTemplate>();
  return (
    key: string,
    template: CredentialTemplate,
    inputs: ReturnType<typeof recordInputs>,
    lang: 'zh' | 'en',
  ) => {
    let c = compiled.get(key);
    if (!c) {
      if (compiled.size >= 32) compiled.clear();
      c = compileTemplate(template);
      compiled.set(key, c);
    }
    // CREDENTIALS-API.md: a specimen carries the code SPECIMEN, so it can never pass as issued.
    const footer = { url: `${publicUrl}/v/SPECIMEN`, code: 'SPECIMEN', qrText: `${publicUrl}/v/SPECIMEN` };
    try {
      return c.render(inputs, footer, { title: 'SPECIMEN', lang, watermark: SPECIMEN_WATERMARK }).pdf;
    } catch (e) {
      if (e instanceof TemplateError)
        throw packageRefusal('credentialRender', e, e.message, [`${e.code}: ${e.message}`]);
      throw e;
    }
  };
}

/** An unsigned specimen of my credential of this type. */
export async function portalPreview(
  ctx: CredentialsContext,
  render: ReturnType<typeof specimenRenderer>,
  me: { username: string },
  typeCode: string,
): Promise<Uint8Array> {
  const t = await activeTemplate(ctx.db, typeCode);
  const record = await myRecord(ctx.db, typeCode, me.username);
  const template = JSON.parse(t.template) as CredentialTemplate;
  const inputs = recordInputs(
    { template, language: t.language },
    JSON.parse(record.data) as Record<string, unknown>,
    ctx.clock(),
    ctx.timeZone,
  );
  return render(`${t.id}:${t.version}`, template, inputs, t.language);
}

/** Asks for my credential: issued now when its type needs no approval, else an approval request. */
export async function portalRequest(
  ctx: CredentialsContext,
  who: SealActor,
  typeCode: string,
  purpose: string | undefined,
): Promise<PortalRequestResult> {
  // Refused before an approval request is filed that could never be carried out.
  assertPrintableAddress(ctx);
  const t = await activeTemplate(ctx.db, typeCode);
  const record = await myRecord(ctx.db, typeCode, who.actor);
  await ctx.issuePolicy.check(ctx.db, { subject: who.actor, typeCode, channel: 'portal', now: ctx.clock() });
  if (Number(t.requires_approval) === 1) {
    const request = await submitRequest(
      ctx.approvals,
      who,
      {
        type: 'credential.issue',
        payload: {
          templateId: t.id,
          typeCode,
          recordId: record.id,
          subject: who.actor,
          ...(purpose ? { purpose } : {}),
        },
      },
      uploadIntake(ctx.approvals.uploads, who.userId),
    );
    return { status: 'pending-approval', requestId: request.id };
  }
  const plan = await loadIssuePlan(ctx, t.id);
  return { status: 'issued', credential: await issueCredential(ctx, plan, record, who) };
}

/** Carries out an approved credential.issue request: the credential goes to the requester. */
export async function issueApproved(
  ctx: CredentialsContext,
  payload: Record<string, unknown>,
  who: SealActor,
  requestId: string,
): Promise<Record<string, unknown>> {
  const { templateId, recordId, subject } = payload as {
    templateId: string;
    recordId: string;
    subject: string;
  };
  if (subject !== who.actor)
    throw new AppError('ERR_FORBIDDEN', 'a credential is issued to its requester only');
  const record = await ctx.db
    .selectFrom('credential_records')
    .selectAll()
    .where('id', '=', recordId)
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (!record) throw new AppError('ERR_PORTAL_NO_RECORD');
  const plan = await loadIssuePlan(ctx, templateId);
  const issued = await issueCredential(ctx, plan, record, who, { requestId });
  return { credentialId: issued.id, publicId: issued.publicId };
}

export async function myCredentials(ctx: CredentialsContext, username: string): Promise<CredentialDetail[]> {
  const rows = (await credentialsQuery(ctx.db)
    .where('credentials.subject', '=', username)
    .orderBy('credentials.issued_at', 'desc')
    .limit(500)
    .execute()) as CredentialRow[];
  return rows.map((r) => credentialDetail(r, ctx.publicUrl));
}

/** My credential's archived PDF; someone else's is "not found", not "forbidden". */
export async function myCredentialPdf(
  ctx: CredentialsContext,
  username: string,
  id: string,
): Promise<Uint8Array> {
  const row = await ctx.db
    .selectFrom('credentials')
    .select(['sha256', 'subject'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.subject !== username) throw new AppError('ERR_NOT_FOUND', `credential ${id} not found`);
  return ctx.files.get(row.sha256);
}
