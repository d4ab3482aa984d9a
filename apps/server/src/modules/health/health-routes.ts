import { errorMessage } from '@openseal/common';
import type { HealthResponse } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../errors.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';

/** Readiness at /health (the database answers) and liveness at /health/live (the process answers). */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  serveRoutes(app, {
    liveness: async () => ({ status: 'ok' as const }),
    health: async (): Promise<HealthResponse> => {
      try {
        await sql`SELECT 1`.execute(app.db);
      } catch (cause) {
        throw new AppError('ERR_DB_UNAVAILABLE', `health check query failed: ${errorMessage(cause)}`);
      }
      return { status: 'ok', database: app.dbDialect };
    },
  });
};
