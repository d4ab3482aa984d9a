import type { FastifyPluginAsync } from 'fastify';
import { mediaTypeOf, serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { UploadsContext } from './uploads-context.ts';
import { stageUpload } from './uploads-service.ts';

/** POST /api/uploads: any signed-in user stages a file (the table's upload entry admits the types). */
export const uploadsRoutes: FastifyPluginAsync<UploadsContext> = async (app, ctx) => {
  serveRoutes(app, {
    postUpload: async (req, reply) =>
      reply.status(201).send(
        await stageUpload(ctx, (req.actor as Actor).userId, {
          name: req.query.name,
          mediaType: mediaTypeOf(req),
          bytes: req.body,
        }),
      ),
  });
};
