import type { FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import type { ContractActor } from './contracts-context.ts';

/** The caller as a contract's evidence records them: the audit's fields, the address and the browser. */
export function who(req: FastifyRequest): ContractActor {
  const actor = req.actor as Actor;
  return {
    ...auditActor(req),
    actor: actor.username,
    userId: actor.userId,
    ip: req.ip ?? null,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
  };
}
