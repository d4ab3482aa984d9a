import { type SchoolTimeZone, schoolTimeZoneRoute } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';

/** The school's time zone, public: the sign-in and verification pages show times in it too. */
export const timeZoneRoutes: FastifyPluginAsync<{ timeZone: string }> = async (app, opts) => {
  app.get(
    '/api/public/time-zone',
    { schema: schoolTimeZoneRoute, config: { access: { public: true } } },
    async (): Promise<SchoolTimeZone> => ({ timeZone: opts.timeZone }),
  );
};
