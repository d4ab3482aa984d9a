import {
  ArchivePage,
  ArchiveQuery,
  CredentialCodeParams,
  CredentialDetail,
  CredentialIdParams,
  CredentialTypeCodeParams,
  ErrorBody,
  PortalCredentialType,
  PortalRequestBody,
  PortalRequestResult,
  publicCredentialRoute,
  RetentionBody,
  RetentionSetting,
  RevokeCredentialBody,
} from '@openseal/contract';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import type { SealActor } from '../seals/seals-context.ts';
import {
  credentialRow,
  credentialUnit,
  listRetention,
  revokeCredential,
  scopePaths,
  searchArchive,
  setRetention,
  templateUnitByCode,
} from './archive-service.ts';
import { credentialDetail } from './credential-view.ts';
import type { CredentialsContext } from './credentials-context.ts';
import {
  issueApproved,
  myCredentialPdf,
  myCredentials,
  portalPreview,
  portalRequest,
  portalTypes,
  specimenRenderer,
} from './portal-service.ts';
import { publicCredentialPdf, publicCredentialView } from './public-credential.ts';
import { templateRow } from './templates-service.ts';

const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['credentials'];

/** Public lookups per client address per window (the code printed on a document is 40 bits). */
export interface CredentialIssueOptions extends CredentialsContext {
  publicLimit?: { maxAttempts: number; windowMs: number };
}

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/** A PDF answer: shown inline, never cached, sandboxed like the seal images. */
function sendPdf(reply: FastifyReply, pdf: Uint8Array, name: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}

/** The portal, the archive (search, download, revocation, retention) and the public QR view. */
export const credentialIssueRoutes: FastifyPluginAsync<CredentialIssueOptions> = async (app, opts) => {
  const { publicLimit = { maxAttempts: 20, windowMs: 60_000 }, ...ctx } = opts;
  const limiter = new LoginLimiter(publicLimit.maxAttempts, publicLimit.windowMs);
  const specimen = specimenRenderer(ctx.publicUrl);
  ctx.approvals.executors.set('credential.issue', (payload, w, requestId) =>
    issueApproved(ctx, payload, w, requestId),
  );
  ctx.approvals.subjects.set('credential.issue', async (payload) => {
    const template = await templateRow(ctx.db, String(payload['templateId']));
    if (Number(template.active) !== 1) throw new AppError('ERR_CREDENTIAL_TEMPLATE_INACTIVE');
    return { name: template.name_zh, unitId: template.owner_unit_id };
  });
  const actorOf = (req: FastifyRequest) => req.actor as Actor;

  // ---- Portal (students and staff) -------------------------------------------------------------
  app.get(
    '/api/portal/credential-types',
    {
      schema: {
        summary: 'Credential types I can ask for',
        tags,
        response: { 200: Type.Array(PortalCredentialType) },
      },
      config: { access: { permission: 'credentials.request' } },
    },
    (req) => portalTypes(ctx.db, actorOf(req)),
  );

  app.get<{ Params: Static<typeof CredentialCodeParams> }>(
    '/api/portal/credential-types/:code/preview',
    {
      schema: {
        summary: 'An unsigned specimen of my credential (code SPECIMEN)',
        tags,
        params: CredentialCodeParams,
      },
      config: { access: { permission: 'credentials.request' } },
    },
    async (req, reply) =>
      sendPdf(
        reply,
        await portalPreview(ctx, specimen, actorOf(req), req.params.code),
        `${req.params.code}-specimen`,
      ),
  );

  app.post<{ Body: Static<typeof PortalRequestBody> }>(
    '/api/portal/credentials',
    {
      schema: {
        summary: 'Ask for my credential: issued now, or sent for approval',
        tags,
        body: PortalRequestBody,
        response: { 200: PortalRequestResult, ...errors },
      },
      config: { access: { permission: 'credentials.request' } },
    },
    (req) => portalRequest(ctx, who(req), req.body.typeCode, req.body.purpose),
  );

  app.get(
    '/api/portal/credentials',
    {
      schema: { summary: 'My credentials', tags, response: { 200: Type.Array(CredentialDetail) } },
      config: { access: { permission: 'credentials.request' } },
    },
    (req) => myCredentials(ctx, actorOf(req).username),
  );

  app.get<{ Params: CredentialIdParams }>(
    '/api/portal/credentials/:id/pdf',
    {
      schema: { summary: 'My credential, the sealed PDF', tags, params: CredentialIdParams },
      config: { access: { permission: 'credentials.request' } },
    },
    async (req, reply) =>
      sendPdf(reply, await myCredentialPdf(ctx, actorOf(req).username, req.params.id), req.params.id),
  );

  // ---- Archive (file admins, auditors, registrars) ------------------------------------------------
  app.get<{ Querystring: ArchiveQuery }>(
    '/api/archive/credentials',
    {
      schema: {
        summary: 'Search issued credentials in my org scope',
        tags,
        querystring: ArchiveQuery,
        response: { 200: ArchivePage, 400: ErrorBody },
      },
      // Scoped by filter: only credentials of units under the caller's documents.read grants.
      config: { access: { permission: 'documents.read' } },
    },
    async (req) =>
      searchArchive(ctx.db, await scopePaths(ctx.db, actorOf(req).grants, 'documents.read'), req.query),
  );

  const byCredential = (req: FastifyRequest) => credentialUnit(ctx.db, (req.params as CredentialIdParams).id);

  app.get<{ Params: CredentialIdParams }>(
    '/api/archive/credentials/:id',
    {
      schema: {
        summary: 'One archived credential',
        tags,
        params: CredentialIdParams,
        response: { 200: CredentialDetail, 404: ErrorBody },
      },
      config: { access: { permission: 'documents.read', scope: byCredential } },
    },
    async (req) => credentialDetail(await credentialRow(ctx.db, req.params.id), ctx.publicUrl),
  );

  app.get<{ Params: CredentialIdParams }>(
    '/api/archive/credentials/:id/pdf',
    {
      schema: { summary: 'The archived sealed PDF', tags, params: CredentialIdParams },
      config: { access: { permission: 'documents.read', scope: byCredential } },
    },
    async (req, reply) => {
      const row = await credentialRow(ctx.db, req.params.id);
      return sendPdf(reply, await ctx.files.get(row.sha256), row.public_id);
    },
  );

  app.post<{ Params: CredentialIdParams; Body: Static<typeof RevokeCredentialBody> }>(
    '/api/archive/credentials/:id/revoke',
    {
      schema: {
        summary: 'Revoke a credential (the file stays archived; verification then says revoked)',
        tags,
        params: CredentialIdParams,
        body: RevokeCredentialBody,
        response: { 200: CredentialDetail, ...errors },
      },
      config: { access: { permission: 'credentials.revoke', scope: byCredential } },
    },
    (req) => revokeCredential(ctx, req.params.id, req.body.reason.trim(), who(req)),
  );

  app.get(
    '/api/archive/retention',
    {
      schema: {
        summary: 'Retention period per credential type',
        tags,
        response: { 200: Type.Array(RetentionSetting) },
      },
      config: { access: { permission: 'documents.read' } },
    },
    () => listRetention(ctx.db),
  );

  app.put<{ Params: Static<typeof CredentialTypeCodeParams>; Body: Static<typeof RetentionBody> }>(
    '/api/archive/retention/:typeCode',
    {
      schema: {
        summary: 'Set how long credentials of a type are kept (applies to those issued from now on)',
        tags,
        params: CredentialTypeCodeParams,
        body: RetentionBody,
        response: { 200: RetentionSetting, ...errors },
      },
      config: {
        access: {
          permission: 'archive.manage',
          scope: (req) => templateUnitByCode(ctx.db, (req.params as { typeCode: string }).typeCode),
        },
      },
    },
    (req) => setRetention(ctx, req.params.typeCode, req.body.retentionYears, who(req)),
  );

  // ---- Public view behind the QR code ---------------------------------------------------------------
  const rateLimited = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!limiter.take(`credential\u0000${req.ip}`, ctx.clock().getTime())) {
      reply.header('retry-after', String(Math.ceil(publicLimit.windowMs / 1000)));
      throw new AppError('ERR_RATE_LIMITED');
    }
  };
  type PublicReq = { Params: { publicId: string }; Querystring: { code: string } };

  app.get<PublicReq>(
    '/api/public/credentials/:publicId',
    { schema: publicCredentialRoute, config: { access: { public: true } }, onRequest: rateLimited },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return publicCredentialView(ctx, req.params.publicId, req.query.code);
    },
  );

  app.get<PublicReq>(
    '/api/public/credentials/:publicId/pdf',
    {
      schema: {
        summary: 'The archived original PDF behind a QR code (public; needs the printed code)',
        tags: ['verification'],
        params: publicCredentialRoute.params,
        querystring: publicCredentialRoute.querystring,
        response: { 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
      config: { access: { public: true } },
      onRequest: rateLimited,
    },
    async (req, reply) =>
      sendPdf(
        reply,
        await publicCredentialPdf(ctx, req.params.publicId, req.query.code),
        req.params.publicId,
      ),
  );
};
