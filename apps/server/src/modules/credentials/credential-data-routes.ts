import {
  CreateDataSourceBody,
  CreatedDataSource,
  CredentialIdParams,
  CredentialRecordInput,
  CredentialRecordSummary,
  CredentialRecordsQuery,
  CredentialTemplateDetail,
  CredentialTemplateInput,
  CredentialTemplateSummary,
  CredentialTypeCode,
  CredentialTypeCodeQuery,
  DataSource,
  ErrorBody,
  ImportRecordsQuery,
  ImportReport,
  ImportTemplateQuery,
  PushRecordParams,
  PushRecordResult,
  PushRecordsBody,
  PushRecordsResult,
  TemplatePreviewBody,
  TemplateSealOption,
} from '@openseal/contract';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { authorize } from '../../plugins/access-policy.ts';
import { auditActor, orgPath, type ScopeResolver } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { scopePaths } from './archive-service.ts';
import { attachmentDisposition } from './attachment-name.ts';
import type { CredentialsContext } from './credentials-context.ts';
import {
  createDataSource,
  listDataSources,
  revokeDataSource,
  sourceForAuthorization,
} from './data-sources-service.ts';
import { importTemplateXlsx } from './import-template.ts';
import { type ImportFileKind, MAX_IMPORT_BYTES } from './record-import.ts';
import { RecordSchemas } from './record-schema.ts';
import { importRecords, listRecords, pushRecord, pushRecords, recordCohorts } from './records-service.ts';
import {
  createTemplate,
  listTemplates,
  previewTemplate,
  templateByCode,
  templateRow,
  toTemplateDetail,
  toTemplateSummary,
  updateTemplate,
} from './templates-service.ts';

// Route schemas are the contract's (packages/contract/src/credentials.ts).
const tags = ['credentials'];
const denied = { 401: ErrorBody, 403: ErrorBody };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Failed API-key checks per client address per minute before it is refused outright. */
const KEY_FAILURES = { maxAttempts: 20, windowMs: 60_000 };

function who(req: FastifyRequest) {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/**
 * The seals a template may name, school-wide: a type owned by 教务处 is sealed with the school's 公章,
 * which sits outside 教务处's subtree. Active and electronic (not physical, with a certificate).
 */
async function templateSealOptions(db: Kysely<Database>): Promise<TemplateSealOption[]> {
  const rows = await db
    .selectFrom('seals')
    .select(['id', 'name', 'type', 'owner_unit_id'])
    .where('status', '=', 'active')
    .where('physical', '=', 0)
    .where('certificate', 'is not', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, type: r.type, ownerUnitId: r.owner_unit_id }));
}

/** A batch push's body at most (the schema allows 1,000 records): room for ≈ 16 KB a record. */
const PUSH_BATCH_BODY_LIMIT = 16 * 1024 * 1024;

/** The active credential types a registrar may import records for and issue: owned within their scope. */
async function issuableTypes(db: Kysely<Database>, actor: Actor): Promise<CredentialTemplateSummary[]> {
  const paths = await scopePaths(db, actor.grants, 'credentials.issue');
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('credential_templates')
    .innerJoin('org_units', 'org_units.id', 'credential_templates.owner_unit_id')
    .selectAll('credential_templates')
    .where('credential_templates.active', '=', 1)
    // Paths end with '/', so a prefix match is exactly the subtree.
    .where((eb) => eb.or(paths.map((p) => eb('org_units.path', 'like', `${p}%`))))
    .orderBy('credential_templates.code')
    .execute();
  return rows.map(toTemplateSummary);
}

/** Templates, data sources and their API keys, pushed and imported records. */
export const credentialDataRoutes: FastifyPluginAsync<CredentialsContext> = async (app, ctx) => {
  const schemas = new RecordSchemas();
  const data = { db: ctx.db, clock: ctx.clock, schemas, sampleRecord: ctx.sampleRecord };

  // Scoped to this plugin: only the import route takes raw CSV / XLSX bodies.
  app.addContentTypeParser(['text/csv', XLSX_TYPE], { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  // Any other non-JSON type reaches the handler as bytes: the import route names the types it
  // takes (ERR_IMPORT_MEDIA_TYPE), the JSON routes' schemas refuse it.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  const templateOwner: ScopeResolver = async (req) =>
    (await templateRow(ctx.db, (req.params as CredentialIdParams).id)).owner_unit_id;
  const typeOwner: ScopeResolver = async (req) =>
    (await templateByCode(ctx.db, (req.query as CredentialTypeCodeQuery).typeCode)).owner_unit_id;

  // ---- templates ------------------------------------------------------------------------------

  app.get(
    '/api/credential-templates',
    {
      schema: {
        summary: 'Credential templates in my scope',
        tags,
        response: { 200: Type.Array(CredentialTemplateSummary), ...denied },
      },
      config: { access: { permission: 'templates.manage' } },
    },
    (req) => listTemplates(ctx.db, (req.actor as Actor).grants),
  );
  // School-wide on purpose (see templateSealOptions); the template's save checks the seal again.
  app.get(
    '/api/credential-templates/seals',
    {
      schema: {
        summary: 'Seals a template may name (active electronic seals, school-wide)',
        tags,
        response: { 200: Type.Array(TemplateSealOption), ...denied },
      },
      config: { access: { permission: 'templates.manage' } },
    },
    () => templateSealOptions(ctx.db),
  );
  app.get<{ Params: CredentialIdParams }>(
    '/api/credential-templates/:id',
    {
      schema: {
        summary: 'One template with its pdfme layout and record schema',
        tags,
        params: CredentialIdParams,
        response: { 200: CredentialTemplateDetail, ...denied, 404: ErrorBody },
      },
      config: { access: { permission: 'templates.manage', scope: templateOwner } },
    },
    async (req) => toTemplateDetail(await templateRow(ctx.db, req.params.id)),
  );
  app.post<{ Body: CredentialTemplateInput }>(
    '/api/credential-templates',
    {
      schema: {
        summary: 'Create a credential template (validated by compiling it)',
        tags,
        body: CredentialTemplateInput,
        response: { 201: CredentialTemplateDetail, 400: ErrorBody, ...denied, 409: ErrorBody },
      },
      config: {
        access: {
          permission: 'templates.manage',
          scope: (req) => (req.body as CredentialTemplateInput).ownerUnitId,
        },
      },
    },
    async (req, reply) => reply.status(201).send(await createTemplate(data, req.body, who(req))),
  );
  app.put<{ Params: CredentialIdParams; Body: CredentialTemplateInput }>(
    '/api/credential-templates/:id',
    {
      schema: {
        summary: 'Change a template (its version goes up by one)',
        tags,
        params: CredentialIdParams,
        body: CredentialTemplateInput,
        response: {
          200: CredentialTemplateDetail,
          400: ErrorBody,
          ...denied,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
      config: { access: { permission: 'templates.manage', scope: templateOwner } },
    },
    async (req) => {
      // The hook checked the unit the template belongs to now; moving it needs the new unit too.
      const decision = authorize(
        'templates.manage',
        (req.actor as Actor).grants,
        await orgPath(req, req.body.ownerUnitId),
      );
      if (!decision.allowed) throw new AppError(decision.code, 'the new owner unit is outside your scope');
      return updateTemplate(data, req.params.id, req.body, who(req));
    },
  );
  app.post<{ Params: CredentialIdParams; Body: TemplatePreviewBody }>(
    '/api/credential-templates/:id/preview',
    {
      schema: {
        summary: 'An unsigned specimen of the template with a record (code SPECIMEN)',
        tags,
        params: CredentialIdParams,
        body: TemplatePreviewBody,
        response: { 400: ErrorBody, ...denied, 404: ErrorBody },
      },
      config: { access: { permission: 'templates.manage', scope: templateOwner } },
    },
    async (req, reply) => {
      const pdf = await previewTemplate(
        { ...data, publicUrl: ctx.publicUrl },
        req.params.id,
        req.body.record,
      );
      return reply.type('application/pdf').send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
    },
  );

  // ---- data sources -----------------------------------------------------------------------------

  // Sources are school-wide (a source may push any type), so any template admin grant suffices.
  app.get(
    '/api/data-sources',
    {
      schema: {
        summary: 'Connected academic/HR systems',
        tags,
        response: { 200: Type.Array(DataSource), ...denied },
      },
      config: { access: { permission: 'templates.manage' } },
    },
    () => listDataSources(ctx.db),
  );
  app.post<{ Body: Static<typeof CreateDataSourceBody> }>(
    '/api/data-sources',
    {
      schema: {
        summary: 'Connect a system: its API key is shown once',
        tags,
        body: CreateDataSourceBody,
        response: { 201: CreatedDataSource, 400: ErrorBody, ...denied },
      },
      config: { access: { permission: 'templates.manage' } },
    },
    async (req, reply) =>
      reply.status(201).send(await createDataSource(ctx.db, req.body.name, who(req), ctx.clock)),
  );
  app.post<{ Params: CredentialIdParams }>(
    '/api/data-sources/:id/revoke',
    {
      schema: {
        summary: "Revoke a system's API key",
        tags,
        params: CredentialIdParams,
        response: { 200: DataSource, ...denied, 404: ErrorBody },
      },
      config: { access: { permission: 'templates.manage' } },
    },
    async (req) => {
      const { userId: _userId, ...audit } = who(req);
      return revokeDataSource(ctx.db, req.params.id, audit, ctx.clock);
    },
  );

  // ---- push API (API key) -----------------------------------------------------------------------

  const limiter = new LoginLimiter(KEY_FAILURES.maxAttempts, KEY_FAILURES.windowMs);
  /** Addresses over the failure limit, until when. */
  const blocked = new Map<string, number>();
  const sources = new WeakMap<FastifyRequest, DataSource>();
  /** onRequest, before the body is read: a caller without a valid key learns nothing more. */
  const requireKey = async (req: FastifyRequest) => {
    const now = ctx.clock().getTime();
    if ((blocked.get(req.ip) ?? 0) > now) throw new AppError('ERR_RATE_LIMITED');
    const source = await sourceForAuthorization(ctx.db, req.headers.authorization);
    if (source) {
      sources.set(req, source);
      return;
    }
    if (!limiter.take(`apikey\u0000${req.ip}`, now)) blocked.set(req.ip, now + KEY_FAILURES.windowMs);
    throw new AppError('ERR_API_KEY_INVALID');
  };
  const keyHolder = (req: FastifyRequest): DataSource => {
    const source = sources.get(req);
    if (!source) throw new AppError('ERR_API_KEY_INVALID');
    return source;
  };
  // Public in the authorize hook's terms: the caller is a system holding an API key, not a session.
  app.put<{ Params: PushRecordParams; Body: Static<typeof CredentialRecordInput> }>(
    '/api/integration/records/:typeCode/:recordId',
    {
      schema: {
        summary: "Push one person's record (API key; idempotent by record id)",
        tags,
        params: PushRecordParams,
        body: CredentialRecordInput,
        response: { 200: PushRecordResult, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
      config: { access: { public: true } },
      onRequest: requireKey,
    },
    async (req) => {
      const source = keyHolder(req);
      return pushRecord(data, source, req.params.typeCode, { ...req.body, recordId: req.params.recordId });
    },
  );
  app.post<{ Params: { typeCode: string }; Body: PushRecordsBody }>(
    '/api/integration/records/:typeCode',
    {
      schema: {
        summary: 'Push up to 1,000 records at once, 16 MB at most (API key; all or nothing)',
        tags,
        params: Type.Object({ typeCode: CredentialTypeCode }),
        body: PushRecordsBody,
        response: {
          200: PushRecordsResult,
          400: Type.Union([PushRecordsResult, ErrorBody]),
          401: ErrorBody,
          404: ErrorBody,
          429: ErrorBody,
        },
      },
      config: { access: { public: true } },
      // 1,000 full transcripts are ≈ 4.5 MB of JSON: more than Fastify's default 1 MB.
      bodyLimit: PUSH_BATCH_BODY_LIMIT,
      onRequest: requireKey,
    },
    async (req, reply) => {
      const source = keyHolder(req);
      const result = await pushRecords(data, source, req.params.typeCode, req.body.records);
      return reply.status(result.problems.length > 0 ? 400 : 200).send(result);
    },
  );

  // ---- records ----------------------------------------------------------------------------------

  app.post<{ Querystring: ImportRecordsQuery }>(
    '/api/credential-records/import',
    {
      schema: {
        summary: 'Import records from CSV or XLSX (every problem listed; nothing imported when any)',
        tags,
        querystring: ImportRecordsQuery,
        response: {
          200: ImportReport,
          400: ErrorBody,
          ...denied,
          404: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
        },
      },
      bodyLimit: MAX_IMPORT_BYTES,
      config: { access: { permission: 'credentials.issue', scope: typeOwner } },
    },
    async (req) => {
      const type = String(req.headers['content-type'] ?? '')
        .split(';', 1)[0]
        ?.trim()
        .toLowerCase();
      const kind: ImportFileKind | null = type === 'text/csv' ? 'csv' : type === XLSX_TYPE ? 'xlsx' : null;
      if (!kind || !Buffer.isBuffer(req.body)) throw new AppError('ERR_IMPORT_MEDIA_TYPE');
      const template = await templateByCode(ctx.db, req.query.typeCode);
      const { userId: _userId, ...audit } = who(req);
      return importRecords(data, template, { kind, bytes: req.body }, req.query.dryRun ?? false, audit);
    },
  );
  app.get<{ Querystring: ImportTemplateQuery }>(
    '/api/credential-records/import-template',
    {
      schema: {
        summary: "An XLSX to fill in for import: the type's column labels (zh or en) and an example row",
        tags,
        querystring: ImportTemplateQuery,
        produces: [XLSX_TYPE],
        response: { ...denied, 404: ErrorBody },
      },
      config: { access: { permission: 'credentials.issue', scope: typeOwner } },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? 'zh';
      const template = toTemplateDetail(await templateByCode(ctx.db, req.query.typeCode));
      const bytes = await importTemplateXlsx(template.dataSchema, lang);
      const name =
        lang === 'zh' ? `${template.name.zh}-导入模板.xlsx` : `${template.name.en} - import template.xlsx`;
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachmentDisposition(name, `${template.code}-import-template.xlsx`))
        .send(bytes);
    },
  );
  app.get<{ Querystring: CredentialRecordsQuery }>(
    '/api/credential-records',
    {
      schema: {
        summary: 'Records of a credential type, by cohort or person',
        tags,
        querystring: CredentialRecordsQuery,
        response: {
          200: Type.Object(
            { items: Type.Array(CredentialRecordSummary), total: Type.Integer() },
            { additionalProperties: false },
          ),
          ...denied,
          404: ErrorBody,
        },
      },
      config: { access: { permission: 'credentials.issue', scope: typeOwner } },
    },
    (req) => listRecords(ctx.db, req.query),
  );
  app.get(
    '/api/credential-types',
    {
      schema: {
        summary: 'Credential types I may issue in batches',
        tags,
        response: { 200: Type.Array(CredentialTemplateSummary), ...denied },
      },
      config: { access: { permission: 'credentials.issue' } },
    },
    (req) => issuableTypes(ctx.db, req.actor as Actor),
  );
  app.get<{ Querystring: CredentialTypeCodeQuery }>(
    '/api/credential-records/cohorts',
    {
      schema: {
        summary: 'Cohorts of a credential type with their record counts',
        tags,
        querystring: CredentialTypeCodeQuery,
        response: {
          200: Type.Array(
            Type.Object({ cohort: Type.String(), count: Type.Integer() }, { additionalProperties: false }),
          ),
          ...denied,
          404: ErrorBody,
        },
      },
      config: { access: { permission: 'credentials.issue', scope: typeOwner } },
    },
    (req) => recordCohorts(ctx.db, req.query.typeCode),
  );
};
