import { type DataSource, XLSX_MEDIA_TYPE } from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { authorize } from '../../plugins/access-policy.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { mediaTypeOf, serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { unitPath } from '../org/org-service.ts';
import type { CredentialsContext } from './credentials-context.ts';
import {
  createDataSource,
  listDataSources,
  revokeDataSource,
  sourceForAuthorization,
} from './data-sources-service.ts';
import { importTemplateXlsx } from './import-template.ts';
import { issuableTypes, templateSealOptions } from './issuing-choices.ts';
import type { ImportFileKind } from './record-import.ts';
import { RecordSchemas } from './record-schema.ts';
import { importRecords, listRecords, pushRecord, pushRecords, recordCohorts } from './records-service.ts';
import {
  createTemplate,
  listTemplates,
  previewTemplate,
  templateByCode,
  templateRow,
  toTemplateDetail,
  updateTemplate,
} from './templates-service.ts';

/** Failed API-key checks per client address per minute before it is refused outright. */
const KEY_FAILURES = { maxAttempts: 20, windowMs: 60_000 };

function who(req: FastifyRequest) {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/** Templates, data sources and their API keys, pushed and imported records. */
export const credentialDataRoutes: FastifyPluginAsync<CredentialsContext> = async (app, ctx) => {
  const schemas = new RecordSchemas();
  const data = { db: ctx.db, clock: ctx.clock, schemas, sampleRecord: ctx.sampleRecord };

  // ---- push API (API key) -------------------------------------------------------------------

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
  serveRoutes(app, {
    // ---- templates ------------------------------------------------------------------------------
    listCredentialTemplates: (req) => listTemplates(ctx.db, (req.actor as Actor).grants),
    listTemplateSeals: () => templateSealOptions(ctx.db),
    getCredentialTemplate: async (req) => toTemplateDetail(await templateRow(ctx.db, req.params.id)),
    createCredentialTemplate: async (req, reply) =>
      reply.status(201).send(await createTemplate(data, req.body, who(req))),
    updateCredentialTemplate: async (req) => {
      // The hook checked the unit the template belongs to now; moving it needs the new unit too.
      const decision = authorize(
        'templates.manage',
        (req.actor as Actor).grants,
        await unitPath(ctx.db, req.body.ownerUnitId),
      );
      if (!decision.allowed) throw new AppError(decision.code, 'the new owner unit is outside your scope');
      return updateTemplate(data, req.params.id, req.body, who(req));
    },
    previewCredentialTemplate: async (req, reply) => {
      const pdf = await previewTemplate(
        { ...data, publicUrl: ctx.publicUrl },
        req.params.id,
        req.body.record,
      );
      return sendFile(reply, { bytes: pdf, contentType: 'application/pdf' });
    },

    // ---- data sources ---------------------------------------------------------------------------
    listDataSources: () => listDataSources(ctx.db),
    createDataSource: async (req, reply) =>
      reply.status(201).send(await createDataSource(ctx.db, req.body.name, who(req), ctx.clock)),
    revokeDataSource: async (req) => {
      const { userId: _userId, ...audit } = who(req);
      return revokeDataSource(ctx.db, req.params.id, audit, ctx.clock);
    },
    pushRecord: {
      onRequest: requireKey,
      handler: async (req) => {
        const source = keyHolder(req);
        return pushRecord(data, source, req.params.typeCode, { ...req.body, recordId: req.params.recordId });
      },
    },
    pushRecords: {
      onRequest: requireKey,
      handler: async (req, reply) => {
        const source = keyHolder(req);
        const result = await pushRecords(data, source, req.params.typeCode, req.body.records);
        return reply.status(result.problems.length > 0 ? 400 : 200).send(result);
      },
    },

    // ---- records --------------------------------------------------------------------------------
    importRecords: async (req) => {
      // The table's upload entry admits only CSV and XLSX bodies.
      const kind: ImportFileKind = mediaTypeOf(req) === 'text/csv' ? 'csv' : 'xlsx';
      const template = await templateByCode(ctx.db, req.query.typeCode);
      const { userId: _userId, ...audit } = who(req);
      return importRecords(data, template, { kind, bytes: req.body }, req.query.dryRun ?? false, audit);
    },
    importTemplate: async (req, reply) => {
      const lang = req.query.lang ?? 'zh';
      const template = toTemplateDetail(await templateByCode(ctx.db, req.query.typeCode));
      const bytes = await importTemplateXlsx(template.dataSchema, lang);
      const name =
        lang === 'zh' ? `${template.name.zh}-导入模板.xlsx` : `${template.name.en} - import template.xlsx`;
      return sendFile(reply, {
        bytes,
        contentType: XLSX_MEDIA_TYPE,
        name,
        asciiName: `${template.code}-import-template.xlsx`,
      });
    },
    listCredentialRecords: (req) => listRecords(ctx.db, req.query),
    listCredentialTypes: (req) => issuableTypes(ctx.db, (req.actor as Actor).grants),
    listRecordCohorts: (req) => recordCohorts(ctx.db, req.query.typeCode),
  });
};
