import {
  type CreateSealBody,
  changeSealStatusRoute,
  createSealRoute,
  type GrantSealUseBody,
  getSealRoute,
  grantSealUseRoute,
  type ListSealsQuery,
  listSealsRoute,
  type SealIdParams,
  sealTrajectoryRoute,
  type UseSealBody,
  useSealRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor, type ScopeResolver } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SealLifecycleAction } from './seal-lifecycle.ts';
import type { SealActor, SealsContext } from './seals-context.ts';
import {
  changeSealStatus,
  createSeal,
  getSeal,
  grantSealUse,
  listSeals,
  sealOwnerUnit,
  sealTrajectory,
} from './seals-service.ts';
import { useSeal } from './use-seal.ts';

export type SealsRoutesOptions = Omit<SealsContext, 'db'>;

/** Base64 of 20 MB plus the JSON around it. */
const USE_BODY_LIMIT = 28 * 1024 * 1024;

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

export const sealsRoutes: FastifyPluginAsync<SealsRoutesOptions> = async (app, opts) => {
  const ctx: SealsContext = { ...opts, db: app.db };
  const sealScope: ScopeResolver = (req) => sealOwnerUnit(app.db, (req.params as SealIdParams).id);

  app.post<{ Body: CreateSealBody }>(
    '/api/seals',
    {
      schema: createSealRoute,
      config: {
        access: { permission: 'seals.manage', scope: (req) => (req.body as CreateSealBody).ownerUnitId },
      },
    },
    async (req, reply) => reply.status(201).send(await createSeal(ctx, req.body, who(req))),
  );

  app.get<{ Querystring: ListSealsQuery }>(
    '/api/seals',
    {
      schema: listSealsRoute,
      config: { access: { permission: 'seals.read', scope: (req) => (req.query as ListSealsQuery).unitId } },
    },
    (req) => listSeals(app.db, req.query.unitId),
  );

  app.get<{ Params: SealIdParams }>(
    '/api/seals/:id',
    { schema: getSealRoute, config: { access: { permission: 'seals.read', scope: sealScope } } },
    (req) => getSeal(app.db, req.params.id),
  );

  for (const action of ['suspend', 'resume', 'revoke', 'destroy'] as const satisfies SealLifecycleAction[]) {
    app.post<{ Params: SealIdParams }>(
      `/api/seals/:id/${action}`,
      { schema: changeSealStatusRoute, config: { access: { permission: 'seals.manage', scope: sealScope } } },
      (req) => changeSealStatus(ctx, req.params.id, action, who(req)),
    );
  }

  app.post<{ Params: SealIdParams; Body: GrantSealUseBody }>(
    '/api/seals/:id/grants',
    { schema: grantSealUseRoute, config: { access: { permission: 'seals.manage', scope: sealScope } } },
    async (req, reply) => {
      await grantSealUse(ctx, req.params.id, req.body, who(req));
      return reply.status(204).send();
    },
  );

  app.post<{ Params: SealIdParams; Body: UseSealBody }>(
    '/api/seals/:id/use',
    {
      schema: useSealRoute,
      bodyLimit: USE_BODY_LIMIT,
      config: { access: { permission: 'seals.use', scope: sealScope } },
    },
    async (req, reply) => {
      const sealed = await useSeal(ctx, {
        sealId: req.params.id,
        pdf: Buffer.from(req.body.pdf, 'base64'),
        placement: req.body.placement,
        purpose: req.body.purpose,
        actor: who(req),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('x-document-sha256', sealed.sha256)
        .header('x-ledger-id', sealed.ledgerId)
        .send(Buffer.from(sealed.pdf));
    },
  );

  app.get<{ Params: SealIdParams }>(
    '/api/seals/:id/trajectory',
    { schema: sealTrajectoryRoute, config: { access: { permission: 'seals.read', scope: sealScope } } },
    (req) => sealTrajectory(app.db, req.params.id),
  );
};
