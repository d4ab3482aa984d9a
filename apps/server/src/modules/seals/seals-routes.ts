import {
  getSealRoute,
  type ListSealsQuery,
  listGranteesRoute,
  listSealGrantsRoute,
  listSealsRoute,
  requestableSealsRoute,
  type SealGrantParams,
  type SealIdParams,
  sealImageRoute,
  sealTrajectoryRoute,
  type UseSealBody,
  usableSealsRoute,
  useSealRoute,
  withdrawSealGrantRoute,
} from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor, type ScopeResolver } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import { listGrantees, listSealGrants, usableSeals, withdrawSealGrant } from './seal-grants.ts';
import { sealPicture } from './seal-image.ts';
import type { SealActor, SealsContext } from './seals-context.ts';
import { sealTrajectory } from '../reports/seal-trajectory.ts';
import { getSeal, listActiveSeals, listSeals, sealOwnerUnit } from './seals-service.ts';
import { useSeal } from '../sealing/seal-step.ts';

/** Base64 of 20 MB plus the JSON around it. */
const USE_BODY_LIMIT = 28 * 1024 * 1024;
/** An uploaded SVG is shown as an image only: no scripts, no fetches, even if opened directly. */
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

export const sealsRoutes: FastifyPluginAsync<SealsContext> = async (app, ctx) => {
  const sealScope: ScopeResolver = (req) => sealOwnerUnit(app.db, (req.params as SealIdParams).id);

  app.get<{ Querystring: ListSealsQuery }>(
    '/api/seals',
    {
      schema: listSealsRoute,
      config: { access: { permission: 'seals.read', scope: (req) => (req.query as ListSealsQuery).unitId } },
    },
    (req) => listSeals(app.db, req.query.unitId),
  );

  app.get(
    '/api/seals/usable',
    { schema: usableSealsRoute, config: { access: { permission: 'seals.use' } } },
    (req) => usableSeals(app.db, (req.actor as Actor).userId, ctx.clock()),
  );

  app.get(
    '/api/seals/requestable',
    { schema: requestableSealsRoute, config: { access: { permission: 'documents.create' } } },
    () => listActiveSeals(app.db),
  );

  app.get<{ Params: SealIdParams }>(
    '/api/seals/:id',
    { schema: getSealRoute, config: { access: { permission: 'seals.read', scope: sealScope } } },
    (req) => getSeal(app.db, req.params.id),
  );

  app.get<{ Params: SealIdParams }>(
    '/api/seals/:id/image',
    // No org scope: a seal's picture is printed on every document it stamps, and a creator granted a
    // seal of another unit must see what they are about to stamp.
    { schema: sealImageRoute, config: { access: { permission: 'seals.read' } } },
    async (req, reply) => {
      const row = await app.db
        .selectFrom('seals')
        .select(['seal_spec', 'image', 'image_type'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${req.params.id} not found`);
      const image = row.image && row.image_type ? { bytes: row.image, mediaType: row.image_type } : null;
      const picture = sealPicture(JSON.parse(row.seal_spec), image);
      return reply
        .header('content-type', picture.contentType)
        .header('content-security-policy', IMAGE_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-cache')
        .send(typeof picture.body === 'string' ? picture.body : Buffer.from(picture.body));
    },
  );

  app.get<{ Querystring: ListSealsQuery }>(
    '/api/seals/grantees',
    {
      schema: listGranteesRoute,
      config: {
        access: { permission: 'seals.manage', scope: (req) => (req.query as ListSealsQuery).unitId },
      },
    },
    (req) => listGrantees(app.db, req.query.unitId),
  );

  app.get<{ Params: SealIdParams }>(
    '/api/seals/:id/grants',
    { schema: listSealGrantsRoute, config: { access: { permission: 'seals.read', scope: sealScope } } },
    (req) => listSealGrants(app.db, req.params.id),
  );

  app.delete<{ Params: SealGrantParams }>(
    '/api/seals/:id/grants/:grantId',
    { schema: withdrawSealGrantRoute, config: { access: { permission: 'seals.manage', scope: sealScope } } },
    async (req, reply) => {
      await withdrawSealGrant(ctx, req.params.id, req.params.grantId, who(req));
      return reply.status(204).send();
    },
  );

  app.post<{ Params: SealIdParams; Body: UseSealBody }>(
    '/api/seals/:id/use',
    {
      schema: useSealRoute,
      bodyLimit: USE_BODY_LIMIT,
      // No org scope: the seal's grant is the scope. A seal admin may grant a school seal to a
      // college's creator; useSeal refuses anyone no current grant names (ERR_SEAL_NOT_GRANTED).
      config: { access: { permission: 'seals.use' } },
    },
    async (req, reply) => {
      const sealed = await useSeal(ctx, {
        sealId: req.params.id,
        pdf: Buffer.from(req.body.pdf, 'base64'),
        placement: req.body.placement,
        documentType: req.body.documentType,
        purpose: req.body.purpose,
        actor: who(req),
      });
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
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
