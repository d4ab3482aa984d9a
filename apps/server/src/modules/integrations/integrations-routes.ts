import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { IntegrationsContext } from './integrations-context.ts';
import { type Resolve, systemResolve } from './webhooks/address-guard.ts';
import { listDeliveries, redeliver, runWebhookDeliveries } from './webhooks/delivery-worker.ts';
import { exponentialBackoff, type RetrySchedule } from './webhooks/retry-schedule.ts';
import {
  allowedHosts,
  createWebhook,
  listWebhooks,
  replaceAllowedHosts,
  updateWebhook,
} from './webhooks/subscriptions-service.ts';

/** How the webhook worker runs; every field has a default. */
export interface WebhookOptions {
  /** How often the outbox and the due deliveries are looked at; default 5 s. */
  pollMs: number;
  retry: RetrySchedule;
  resolve: Resolve;
  /** Default 10 s. */
  timeoutMs: number;
}

export interface IntegrationsRoutesOptions {
  clock: () => Date;
  secrets: SecretBox;
  webhooks?: Partial<WebhookOptions>;
}

function who(req: FastifyRequest) {
  return { ...auditActor(req), actor: (req.actor as Actor).username };
}

/** Webhooks: the system admin's subscriptions, their delivery log, and the worker on the jobs timer. */
export const integrationsRoutes: FastifyPluginAsync<IntegrationsRoutesOptions> = async (
  app,
  { clock, secrets, webhooks = {} },
) => {
  const ctx: IntegrationsContext = {
    db: app.db,
    secrets,
    clock,
    resolve: webhooks.resolve ?? systemResolve,
    retry: webhooks.retry ?? exponentialBackoff(),
    timeoutMs: webhooks.timeoutMs ?? 10_000,
  };
  const run = () => runWebhookDeliveries(ctx);
  app.jobs.every('webhook deliveries', webhooks.pollMs ?? 5_000, run);
  serveRoutes(app, {
    listWebhooks: () => listWebhooks(app.db),
    createWebhook: async (req, reply) => reply.status(201).send(await createWebhook(ctx, req.body, who(req))),
    updateWebhook: (req) => updateWebhook(ctx, req.params.id, req.body, who(req)),
    listWebhookDeliveries: (req) => listDeliveries(app.db, req.params.id),
    redeliverWebhook: async (req) => {
      const delivery = await redeliver(ctx, req.params.id, who(req));
      app.jobs.after('webhook redelivery', 0, run);
      return delivery;
    },
    getWebhookHosts: async () => ({ hosts: await allowedHosts(app.db) }),
    putWebhookHosts: async (req) => ({ hosts: await replaceAllowedHosts(ctx, req.body.hosts, who(req)) }),
  });
};
