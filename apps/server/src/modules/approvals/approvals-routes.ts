import {
  actOnRequestRoute,
  type CreateDelegationBody,
  createDelegationRoute,
  custodyRoute,
  type DelegationIdParams,
  endDelegationRoute,
  type FlowTypeParams,
  getRequestRoute,
  type ListRequestsQuery,
  listDelegationsRoute,
  listFlowsRoute,
  listNotificationsRoute,
  listRequestsRoute,
  type PutFlowBody,
  putFlowRoute,
  type RequestAction,
  type RequestFileParams,
  type RequestIdParams,
  type ResubmitRequestBody,
  readNotificationsRoute,
  requestDiffRoute,
  requestFileRoute,
  resubmitRequestRoute,
  type SealedFileParams,
  type StampRequestBody,
  type SubmitSealRequestBody,
  type SubmitUseRequestBody,
  sealedFileRoute,
  stampRequestRoute,
  submitSealRequestRoute,
  submitUseRequestRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { rootUnitId } from '../org/org-service.ts';
import type { SealActor } from '../seals/seals-context.ts';
import { sealOwnerUnit } from '../seals/seals-service.ts';
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

/** Base64 of a 20 MB file plus the JSON around it. */
const FILE_BODY_LIMIT = 28 * 1024 * 1024;

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

  app.post<{ Body: SubmitUseRequestBody }>(
    '/api/requests/use',
    {
      schema: submitUseRequestRoute,
      bodyLimit: FILE_BODY_LIMIT,
      config: { access: { permission: 'documents.create' } },
    },
    async (req, reply) => reply.status(201).send(await submitRequest(ctx, who(req), req.body)),
  );

  app.post<{ Body: SubmitSealRequestBody }>(
    '/api/requests/seal',
    {
      schema: submitSealRequestRoute,
      bodyLimit: 4 * 1024 * 1024,
      config: {
        access: {
          permission: 'seals.manage',
          scope: (req) => {
            const body = req.body as SubmitSealRequestBody;
            return body.type === 'seal.make'
              ? body.payload.ownerUnitId
              : sealOwnerUnit(app.db, body.payload.sealId);
          },
        },
      },
    },
    async (req, reply) => reply.status(201).send(await submitRequest(ctx, who(req), req.body)),
  );

  app.get<{ Querystring: ListRequestsQuery }>(
    '/api/requests',
    { schema: listRequestsRoute, config: { access: { session: true } } },
    (req) => listRequests(ctx, actorOf(req), req.query),
  );

  app.get<{ Params: RequestIdParams }>(
    '/api/requests/:id',
    { schema: getRequestRoute, config: { access: { session: true } } },
    (req) => getRequest(ctx, actorOf(req), req.params.id),
  );

  app.post<{ Params: RequestIdParams; Body: RequestAction }>(
    '/api/requests/:id/act',
    { schema: actOnRequestRoute, config: { access: { session: true } } },
    (req) => actOnRequest(ctx, who(req), actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: RequestIdParams; Body: ResubmitRequestBody }>(
    '/api/requests/:id/resubmit',
    { schema: resubmitRequestRoute, bodyLimit: FILE_BODY_LIMIT, config: { access: { session: true } } },
    (req) => resubmitRequest(ctx, who(req), actorOf(req), req.params.id, req.body),
  );

  app.post<{ Params: RequestIdParams; Body: StampRequestBody }>(
    '/api/requests/:id/stamp',
    {
      schema: stampRequestRoute,
      bodyLimit: FILE_BODY_LIMIT,
      config: { access: { permission: 'documents.create' } },
    },
    async (req, reply) => {
      const w = who(req);
      const sealed = await stampRequest(ctx, w, actorOf(req), req.params.id, req.body, (d) =>
        onFileMismatch(w, d),
      );
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
      return reply
        .header('content-type', 'application/pdf')
        .header('x-document-sha256', sealed.sha256)
        .header('x-ledger-id', sealed.ledgerId)
        .send(Buffer.from(sealed.pdf));
    },
  );

  app.get<{ Params: RequestFileParams }>(
    '/api/requests/:id/files/:fileId',
    { schema: requestFileRoute, config: { access: { session: true } } },
    async (req, reply) => {
      await readableRequest(ctx, actorOf(req), req.params.id);
      const file = await app.db
        .selectFrom('approval_files')
        .select(['sha256', 'name'])
        .where('id', '=', req.params.fileId)
        .where('request_id', '=', req.params.id)
        .executeTakeFirst();
      if (!file) throw new AppError('ERR_NOT_FOUND', `file ${req.params.fileId} not found`);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(await ctx.files.get(file.sha256)));
    },
  );

  app.get<{ Params: SealedFileParams }>(
    '/api/requests/:id/sealed/:ledgerId',
    { schema: sealedFileRoute, config: { access: { session: true } } },
    async (req, reply) => {
      const file = await sealedFile(ctx, actorOf(req), req.params.id, req.params.ledgerId);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(file.bytes));
    },
  );

  // The custodian's side of a physical-seal request: the seal admins of the seal's unit.
  const requestSealUnit = async (req: FastifyRequest) => {
    const row = await app.db
      .selectFrom('approval_requests')
      .select('seal_id')
      .where('id', '=', (req.params as RequestIdParams).id)
      .executeTakeFirst();
    if (!row?.seal_id) throw new AppError('ERR_NOT_FOUND', 'request not found');
    return sealOwnerUnit(app.db, row.seal_id);
  };
  for (const [path, step] of [
    ['checkout', checkOutSeal],
    ['return', returnSeal],
  ] as const) {
    app.post<{ Params: RequestIdParams }>(
      `/api/requests/:id/${path}`,
      { schema: custodyRoute, config: { access: { permission: 'seals.manage', scope: requestSealUnit } } },
      async (req) => {
        await step(ctx, who(req), req.params.id);
        return getRequest(ctx, actorOf(req), req.params.id);
      },
    );
  }

  app.get<{ Params: RequestIdParams }>(
    '/api/requests/:id/diff',
    { schema: requestDiffRoute, config: { access: { session: true } } },
    async (req) => {
      await readableRequest(ctx, actorOf(req), req.params.id);
      return requestDiff(app.db, req.params.id);
    },
  );

  app.get(
    '/api/flows',
    {
      schema: listFlowsRoute,
      config: { access: { permission: 'flows.manage', scope: (req) => rootUnitId(req.server.db) } },
    },
    () => listFlows(app.db),
  );

  app.put<{ Params: FlowTypeParams; Body: PutFlowBody }>(
    '/api/flows/:type',
    {
      schema: putFlowRoute,
      config: { access: { permission: 'flows.manage', scope: (req) => rootUnitId(req.server.db) } },
    },
    (req) => putFlow(app.db, req.params.type, req.body, who(req), ctx.clock()),
  );

  app.get(
    '/api/delegations',
    { schema: listDelegationsRoute, config: { access: { session: true } } },
    (req) => listDelegations(app.db, actorOf(req).userId, ctx.clock()),
  );

  app.post<{ Body: CreateDelegationBody }>(
    '/api/delegations',
    { schema: createDelegationRoute, config: { access: { session: true } } },
    async (req, reply) =>
      reply.status(201).send(await createDelegation(app.db, who(req), req.body, ctx.clock())),
  );

  app.delete<{ Params: DelegationIdParams }>(
    '/api/delegations/:id',
    { schema: endDelegationRoute, config: { access: { session: true } } },
    async (req, reply) => {
      await endDelegation(app.db, who(req), req.params.id, ctx.clock());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/notifications',
    { schema: listNotificationsRoute, config: { access: { session: true } } },
    (req) => listNotifications(app.db, actorOf(req).userId),
  );

  app.post(
    '/api/notifications/read',
    { schema: readNotificationsRoute, config: { access: { session: true } } },
    async (req, reply) => {
      await markNotificationsRead(app.db, actorOf(req).userId, ctx.clock());
      return reply.status(204).send();
    },
  );
};
