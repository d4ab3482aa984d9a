import { placementFromQuery } from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SealActor, SealsContext } from '../seals/seals-context.ts';
import { useSeal } from './seal-step.ts';

function who(req: FastifyRequest): SealActor {
  const actor = req.actor as Actor;
  return { ...auditActor(req), actor: actor.username, userId: actor.userId };
}

/**
 * The seal step's own route: stamping a caller's PDF (the request body) with a seal a grant lets them
 * use, placed where the query string says.
 */
export const sealingRoutes: FastifyPluginAsync<SealsContext> = async (app, ctx) => {
  serveRoutes(app, {
    useSeal: async (req, reply) => {
      const { documentType, purpose, ...where } = req.query;
      const placement = placementFromQuery(where);
      if ('problems' in placement)
        throw new AppError('ERR_SEAL_PLACEMENT_QUERY', placement.problems.join('; '), placement.problems);
      const sealed = await useSeal(ctx, {
        sealId: req.params.id,
        pdf: req.body,
        placement,
        documentType,
        purpose,
        actor: who(req),
      });
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
      reply.header('x-document-sha256', sealed.sha256).header('x-ledger-id', sealed.ledgerId);
      return sendFile(reply, { bytes: sealed.pdf, contentType: 'application/pdf' });
    },
  });
};
