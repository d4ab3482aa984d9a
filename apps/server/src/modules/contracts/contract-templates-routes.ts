import type { FastifyPluginAsync } from 'fastify';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import { who } from './contract-actor.ts';
import { generateContract } from './contract-generate.ts';
import {
  contractTemplateFor,
  contractTemplateRow,
  createContractTemplate,
  listContractTemplates,
  mayManageUnit,
  updateContractTemplate,
} from './contract-templates-service.ts';
import type { ContractsContext } from './contracts-context.ts';

/** Contract templates: managed by template admins in their scope, used by those who start contracts. */
export const contractTemplatesRoutes: FastifyPluginAsync<ContractsContext> = async (app, ctx) => {
  serveRoutes(app, {
    listContractTemplates: async (req) => listContractTemplates(ctx.db, req.actor as Actor),
    getContractTemplate: async (req) => contractTemplateFor(ctx.db, req.params.id, req.actor as Actor),
    createContractTemplate: async (req, reply) =>
      reply.status(201).send(await createContractTemplate(ctx.db, ctx.clock, req.body, who(req))),
    updateContractTemplate: async (req) => {
      // The hook checked only that the caller manages templates somewhere: the template's unit now
      // and the unit it moves to must both be in scope.
      const grants = (req.actor as Actor).grants;
      await mayManageUnit(ctx.db, grants, (await contractTemplateRow(ctx.db, req.params.id)).owner_unit_id);
      await mayManageUnit(ctx.db, grants, req.body.ownerUnitId);
      return updateContractTemplate(ctx.db, ctx.clock, req.params.id, req.body, who(req));
    },
    generateContract: async (req, reply) =>
      reply.status(201).send(await generateContract(ctx, who(req), req.params.id, req.body)),
  });
};
