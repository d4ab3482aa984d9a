import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { createOrgUnit, listOrgUnits } from './org-service.ts';

export const orgRoutes: FastifyPluginAsync<{ clock: () => Date }> = async (app, opts) => {
  serveRoutes(app, {
    listOrgUnits: () => listOrgUnits(app.db),
    createOrgUnit: async (req, reply) => {
      const unit = await createOrgUnit(app.db, req.body, auditActor(req), opts.clock());
      return reply.status(201).send(unit);
    },
  });
};
