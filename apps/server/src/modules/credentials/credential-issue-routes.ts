import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import type { SealActor } from '../seals/seals-context.ts';
import {
  credentialRow,
  listRetention,
  revokeCredential,
  scopePaths,
  searchArchive,
  setRetention,
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

/** Public lookups per client address per window (the code printed on a document is 40 bits). */
export interface CredentialIssueOptions extends CredentialsContext {
  publicLimit?: { maxAttempts: number; windowMs: number };
}

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/** A PDF answer: shown inline, never cached, sandboxed. */
function sendPdf(reply: FastifyReply, pdf: Uint8Array, name: string) {
  return sendFile(reply, {
    bytes: pdf,
    contentType: 'application/pdf',
    name: `${name}.pdf`,
    disposition: 'inline',
  });
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

  // Public lookups behind the QR code: rate-limited per client address before anything is read.
  const rateLimited = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!limiter.take(`credential\u0000${req.ip}`, ctx.clock().getTime())) {
      reply.header('retry-after', String(Math.ceil(publicLimit.windowMs / 1000)));
      throw new AppError('ERR_RATE_LIMITED');
    }
  };

  serveRoutes(app, {
    // ---- Portal (students and staff) -----------------------------------------------------------
    listPortalTypes: (req) => portalTypes(ctx.db, actorOf(req)),
    portalPreview: async (req, reply) =>
      sendPdf(
        reply,
        await portalPreview(ctx, specimen, actorOf(req), req.params.code),
        `${req.params.code}-specimen`,
      ),
    requestCredential: (req) => portalRequest(ctx, who(req), req.body.typeCode, req.body.purpose),
    listMyCredentials: (req) => myCredentials(ctx, actorOf(req).username),
    myCredentialPdf: async (req, reply) =>
      sendPdf(reply, await myCredentialPdf(ctx, actorOf(req).username, req.params.id), req.params.id),

    // ---- Archive (file admins, auditors, registrars) ---------------------------------------------
    searchArchive: async (req) =>
      searchArchive(ctx.db, await scopePaths(ctx.db, actorOf(req).grants, 'documents.read'), req.query),
    getArchivedCredential: async (req) =>
      credentialDetail(await credentialRow(ctx.db, req.params.id), ctx.publicUrl),
    archivedCredentialPdf: async (req, reply) => {
      const row = await credentialRow(ctx.db, req.params.id);
      return sendPdf(reply, await ctx.files.get(row.sha256), row.public_id);
    },
    revokeCredential: (req) => revokeCredential(ctx, req.params.id, req.body.reason.trim(), who(req)),
    listRetention: () => listRetention(ctx.db),
    setRetention: (req) => setRetention(ctx, req.params.typeCode, req.body.retentionYears, who(req)),

    // ---- Public view behind the QR code ----------------------------------------------------------
    publicCredential: {
      onRequest: rateLimited,
      handler: async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return publicCredentialView(ctx, req.params.publicId, req.query.code);
      },
    },
    publicCredentialPdf: {
      onRequest: rateLimited,
      handler: async (req, reply) =>
        sendPdf(
          reply,
          await publicCredentialPdf(ctx, req.params.publicId, req.query.code),
          req.params.publicId,
        ),
    },
  });
};
