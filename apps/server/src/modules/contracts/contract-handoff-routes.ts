import type { FastifyPluginAsync } from 'fastify';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { sessionCookie } from '../../plugins/session.ts';
import { who } from './contract-actor.ts';
import { HANDOFF_SESSION_TTL_MS, redeemHandoff, startHandoff } from './contract-handoff.ts';
import type { ContractsContext } from './contracts-context.ts';

/** Moving a signature from the computer to a phone by QR code (contract-handoff.ts). */
export const contractHandoffRoutes: FastifyPluginAsync<ContractsContext> = async (app, ctx) => {
  serveRoutes(app, {
    startContractHandoff: async (req, reply) =>
      reply.status(201).send(await startHandoff(ctx, who(req), req.params.id)),
    redeemContractHandoff: async (req, reply) => {
      const { contractId, session } = await redeemHandoff(ctx, req.body.token, req.id);
      reply.header(
        'set-cookie',
        sessionCookie(session.token, HANDOFF_SESSION_TTL_MS, req.protocol === 'https'),
      );
      return { contractId };
    },
  });
};
