import type { Timestamper } from '@openseal/pki';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { ServerConfig } from './config.ts';
import { loggerOptions } from './logger.ts';
import { auditPlugin } from './modules/audit/audit-plugin.ts';
import { healthRoutes } from './modules/health/health-routes.ts';
import { dbPlugin } from './plugins/db.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { openapiPlugin } from './plugins/openapi.ts';

export interface AppDeps {
  /** TSA for the audit chain anchors (the built-in PKI's, when loaded). */
  timestamper?: Timestamper;
  /** Default one hour. */
  auditAnchorIntervalMs?: number;
  /** Lets the caller route some requests (the PKI's /pki/*) before Fastify sees them. */
  serverFactory?: FastifyServerFactory;
}

/**
 * The whole server, every plugin and domain module registered by name (no autoload), so this list is
 * what the server does. Resolves once the database is migrated and routes are ready.
 */
export async function buildApp(config: ServerConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    ...(deps.serverFactory ? { serverFactory: deps.serverFactory } : {}),
  });
  await app.register(errorHandlerPlugin);
  await app.register(dbPlugin, { database: config.database });
  await app.register(openapiPlugin);

  await app.register(healthRoutes);
  await app.register(auditPlugin, {
    ...(deps.timestamper ? { timestamper: deps.timestamper } : {}),
    ...(deps.auditAnchorIntervalMs ? { anchorIntervalMs: deps.auditAnchorIntervalMs } : {}),
  });

  await app.ready();
  return app;
}
