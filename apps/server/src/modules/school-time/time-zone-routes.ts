import type { SchoolTimeZone } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { serveRoutes } from '../../plugins/serve-routes.ts';

/** The school's time zone, public: the sign-in and verification pages show times in it too. */
export const timeZoneRoutes: FastifyPluginAsync<{ timeZone: string }> = async (app, opts) => {
  serveRoutes(app, {
    schoolTimeZone: async (): Promise<SchoolTimeZone> => ({ timeZone: opts.timeZone }),
  });
};
