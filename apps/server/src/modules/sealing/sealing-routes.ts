import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
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

/** The seal step's own route: stamping a caller's PDF with a seal a grant lets them use. */
export const sealingRoutes: FastifyPluginAsync<SealsContext> = async (app, ctx) => {
  serveRoutes(app, {
    useSeal: async (req, reply) => {
      const sealed = await useSeal(ctx, {
        sealId: req.params.id,
        pdf: Buffer.from(req.body.pdf, 'base64'),
        placement: req.body.placement,
        documentType: req.body.documentType,
        purpose: req.body.purpose,
        actor: who(req),
      });
      if (sealed.warnings.length > 0) reply.header('x-seal-warning', sealed.warnings.join(','));
      reply.header('x-document-sha256', sealed.sha256).header('x-ledger-id', sealed.ledgerId);
      return sendFile(reply, { bytes: sealed.pdf, contentType: 'application/pdf' });
    },
  });
};
