import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { listGrantees, listSealGrants, usableSeals, withdrawSealGrant } from './seal-grants.ts';
import { sealPicture } from './seal-image.ts';
import type { SealActor, SealsContext } from './seals-context.ts';
import { getSeal, listActiveSeals, listSeals } from './seals-service.ts';

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

export const sealsRoutes: FastifyPluginAsync<SealsContext> = async (app, ctx) => {
  serveRoutes(app, {
    listSeals: (req) => listSeals(app.db, req.query.unitId),
    usableSeals: (req) => usableSeals(app.db, (req.actor as Actor).userId, ctx.clock()),
    requestableSeals: () => listActiveSeals(app.db),
    getSeal: (req) => getSeal(app.db, req.params.id),
    sealImage: async (req, reply) => {
      const row = await app.db
        .selectFrom('seals')
        .select(['seal_spec', 'image', 'image_type'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!row) throw new AppError('ERR_NOT_FOUND', `seal ${req.params.id} not found`);
      const image = row.image && row.image_type ? { bytes: row.image, mediaType: row.image_type } : null;
      const picture = sealPicture(JSON.parse(row.seal_spec), image);
      return sendFile(reply, { bytes: picture.body, contentType: picture.contentType, cache: 'revalidate' });
    },
    listGrantees: (req) => listGrantees(app.db, req.query.unitId),
    listSealGrants: (req) => listSealGrants(app.db, req.params.id),
    withdrawSealGrant: async (req, reply) => {
      await withdrawSealGrant(ctx, req.params.id, req.params.grantId, who(req));
      return reply.status(204).send();
    },
  });
};
