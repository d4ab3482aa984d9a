import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { RefusalLog } from './refusal-log.ts';

export interface RequestLogOptions {
  clock: () => Date;
  /** Default five minutes. */
  refusalWindowMs?: number;
}

// Public routes where a refusal means someone is guessing (wrong access codes, unknown ids).
const GUESSED_ROUTES = ['/api/public/credentials/'];

/** Refusals that repeat by the thousand when someone scans or hammers: logged once per window. */
function isRepeatableRefusal(req: FastifyRequest, reply: FastifyReply): boolean {
  if (reply.statusCode === 429) return true;
  if (reply.statusCode < 400 || reply.statusCode >= 500) return false;
  const route = req.routeOptions.url ?? '';
  return GUESSED_ROUTES.some((prefix) => route.startsWith(prefix));
}

/**
 * One line per request when its response is sent (Fastify's own request logging is turned off in
 * app.ts): the address with its secrets redacted (logger.ts), the status and the time taken. Refusals
 * that come in floods go through RefusalLog instead: the first of a kind per window, then a count.
 */
export const requestLogPlugin = fp<RequestLogOptions>(
  async (app, opts) => {
    const windowMs = opts.refusalWindowMs ?? 5 * 60_000;
    const refusals = new RefusalLog(windowMs);
    const summarise = (summary: object) => app.log.warn({ refusals: summary }, 'requests refused repeatedly');

    app.addHook('onResponse', async (req, reply) => {
      const line = { req, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
      if (!isRepeatableRefusal(req, reply)) {
        req.log.info(line, 'request completed');
        return;
      }
      const refusal = {
        method: req.method,
        route: req.routeOptions.url ?? '(no route)',
        statusCode: reply.statusCode,
        remoteAddress: req.ip,
      };
      if (refusals.record(refusal, opts.clock().getTime(), summarise)) {
        req.log.info(line, 'request refused; repeats in the next minutes are counted, not logged');
      }
    });
    // Windows that went quiet are summarised on time, not only when the next refusal comes.
    const summaries = app.jobs.every('refusal summary', windowMs, () =>
      refusals.flush(opts.clock().getTime(), summarise),
    );
    app.addHook('onClose', async () => {
      await summaries.stop();
      refusals.flush(Number.POSITIVE_INFINITY, summarise);
    });
  },
  { name: 'request-log', dependencies: ['jobs'] },
);
