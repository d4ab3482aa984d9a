import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import { sessionCookie } from '../../plugins/session.ts';
import type { OutsideSenders } from '../messages/sms/outside-senders.ts';
import {
  type InvitationsContext,
  openInvitation,
  type RequestMeta,
  sendDueInvitations,
  sendInvitationCode,
  signInWithCode,
} from './contract-invitations.ts';
import type { ContractsContext } from './contracts-context.ts';

export interface ContractInvitationsOptions extends OutsideSenders {
  contracts: ContractsContext;
  /** How often invitations due are sent; default ten seconds. */
  tickMs?: number;
}

const meta = (req: FastifyRequest): RequestMeta => ({
  ip: req.ip ?? null,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  requestId: req.id,
});

/** External signers: the invitation job and the public link, code and sign-in routes. */
export const contractInvitationsRoutes: FastifyPluginAsync<ContractInvitationsOptions> = async (
  app,
  opts,
) => {
  const ictx: InvitationsContext = { contracts: opts.contracts, sms: opts.sms, email: opts.email };
  app.jobs.every('contract invitations', opts.tickMs ?? 10_000, () => sendDueInvitations(ictx));
  serveRoutes(app, {
    openInvitation: (req) => openInvitation(ictx, req.body.token),
    sendInvitationCode: (req) => sendInvitationCode(ictx, req.body.token, meta(req)),
    invitationSignIn: async (req, reply) => {
      const signedIn = await signInWithCode(ictx, req.body.token, req.body.code, meta(req));
      reply.header('set-cookie', sessionCookie(signedIn.token, signedIn.ttlMs, req.protocol === 'https'));
      return { contractId: signedIn.contractId, csrfToken: signedIn.csrfToken };
    },
  });
};
