import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { type UploadIntake, uploadIntake } from '../uploads/uploads-service.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import {
  createDelegation,
  endDelegation,
  listDelegations,
  listNotifications,
  markNotificationsRead,
} from './delegations-service.ts';
import { listFlows, putFlow } from './flows-service.ts';
import { checkOutSeal, returnSeal } from './physical-custody.ts';
import { requestDiff } from './request-diff.ts';
import {
  actOnRequest,
  getRequest,
  listRequests,
  readableRequest,
  resubmitRequest,
  submitRequest,
} from './requests-service.ts';
import { sealedFile } from './sealed-files.ts';
import { stampRequest } from './stamp-request.ts';

export interface ApprovalsRoutesOptions extends ApprovalsContext {
  /** Called when a stamping attempt brings a file other than the approved one (the risk module raises an alert). */
  onFileMismatch: (
    who: SealActor,
    details: { requestId: string; sealId: string; expected: string; got: string },
  ) => Promise<void>;
}

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

export const approvalsRoutes: FastifyPluginAsync<ApprovalsRoutesOptions> = async (app, opts) => {
  const { onFileMismatch, ...ctx } = opts;
  const actorOf = (req: FastifyRequest) => req.actor as Actor;
  /** Runs a submission with the caller's staged uploads, deleting those it used once it succeeded. */
  const withUploads = async <T>(req: FastifyRequest, submit: (uploads: UploadIntake) => Promise<T>) => {
    const uploads = uploadIntake(ctx.uploads, actorOf(req).userId);
    const done = await submit(uploads);
    await uploads.consume();
    return done;
  };

  serveRoutes(app, {
    submitUseRequest: async (req, reply) =>
      reply.status(201).send(await withUploads(req, (u) => submitRequest(ctx, who(req), req.body, u))),
    submitSealRequest: async (req, reply) =>
      reply.status(201).send(await withUploads(req, (u) => submitRequest(ctx, who(req), req.body, u))),
    listRequests: (req) => listRequests(ctx, actorOf(req), req.query),
    getRequest: (req) => getRequest(ctx, actorOf(req), req.params.id),
    actOnRequest: (req) => actOnRequest(ctx, who(req), actorOf(req), req.params.id, req.body),
    resubmitRequest: (req) =>
      withUploads(req, (u) => resubmitRequest(ctx, who(req), actorOf(req), req.params.id, req.body, u)),
    stampRequest: async (req, reply) => {
      const w = who(req);
      const sealed = await stampRequest(ctx, w, actorOf(req), req.params.id, req.body, (d) =>
        onFileMismatch(w, d),
      );
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
      reply.header('x-document-sha256', sealed.sha256).header('x-ledger-id', sealed.ledgerId);
      return sendFile(reply, { bytes: sealed.pdf, contentType: 'application/pdf' });
    },
    requestFile: async (req, reply) => {
      await readableRequest(ctx, actorOf(req), req.params.id);
      const file = await app.db
        .selectFrom('approval_files')
        .select(['sha256', 'name'])
        .where('id', '=', req.params.fileId)
        .where('request_id', '=', req.params.id)
        .executeTakeFirst();
      if (!file) throw new AppError('ERR_NOT_FOUND', `file ${req.params.fileId} not found`);
      return sendFile(reply, {
        bytes: await ctx.files.get(file.sha256),
        contentType: 'application/pdf',
        name: file.name,
        disposition: 'inline',
      });
    },
    sealedFile: async (req, reply) => {
      const file = await sealedFile(ctx, actorOf(req), req.params.id, req.params.ledgerId);
      return sendFile(reply, { bytes: file.bytes, contentType: 'application/pdf', name: file.name });
    },
    checkOutSeal: async (req) => {
      await checkOutSeal(ctx, who(req), req.params.id);
      return getRequest(ctx, actorOf(req), req.params.id);
    },
    returnSeal: async (req) => {
      await returnSeal(ctx, who(req), req.params.id);
      return getRequest(ctx, actorOf(req), req.params.id);
    },
    requestDiff: async (req) => {
      await readableRequest(ctx, actorOf(req), req.params.id);
      return requestDiff(app.db, ctx.files, req.params.id);
    },
    listFlows: () => listFlows(app.db),
    putFlow: (req) => putFlow(app.db, req.params.type, req.body, who(req), ctx.clock()),
    listDelegations: (req) => listDelegations(app.db, actorOf(req).userId, ctx.clock()),
    createDelegation: async (req, reply) =>
      reply.status(201).send(await createDelegation(app.db, who(req), req.body, ctx.clock())),
    endDelegation: async (req, reply) => {
      await endDelegation(app.db, who(req), req.params.id, ctx.clock());
      return reply.status(204).send();
    },
    listNotifications: (req) => listNotifications(app.db, actorOf(req).userId),
    readNotifications: async (req, reply) => {
      await markNotificationsRead(app.db, actorOf(req).userId, ctx.clock());
      return reply.status(204).send();
    },
  });
};
