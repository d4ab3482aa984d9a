import { type CreateOrgUnitBody, createOrgUnitRoute, listOrgUnitsRoute } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { createOrgUnit, listOrgUnits } from './org-service.ts';

export const orgRoutes: FastifyPluginAsync<{ clock: () => Date }> = async (app, opts) => {
  app.get(
    '/api/org/units',
    { schema: listOrgUnitsRoute, config: { access: { permission: 'org.read' } } },
    () => listOrgUnits(app.db),
  );

  app.post<{ Body: CreateOrgUnitBody }>(
    '/api/org/units',
    {
      schema: createOrgUnitRoute,
      config: {
        access: { permission: 'org.create', scope: (req) => (req.body as CreateOrgUnitBody).parentId },
      },
    },
    async (req, reply) => {
      const unit = await createOrgUnit(app.db, req.body, auditActor(req), opts.clock());
      return reply.status(201).send(unit);
    },
  );
};
