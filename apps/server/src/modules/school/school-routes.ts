import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor } from '../../plugins/authorize.ts';
import { sendFile } from '../../plugins/send-file.ts';
import { mediaTypeOf, serveRoutes } from '../../plugins/serve-routes.ts';
import type { LogoMediaType } from './logo-check.ts';
import { renameSchool, schoolLogo, schoolProfile, setSchoolLogo } from './school-service.ts';

/** The sign-in page's school name and logo: read by anyone, set by the system admin. */
export const schoolRoutes: FastifyPluginAsync<{ clock: () => Date }> = async (app, opts) => {
  serveRoutes(app, {
    getSchool: async () => schoolProfile(app.db),
    schoolLogo: async (_req, reply) => {
      const logo = await schoolLogo(app.db);
      if (!logo) throw new AppError('ERR_NOT_FOUND', 'no logo has been set');
      return sendFile(reply, { bytes: logo.bytes, contentType: logo.mediaType, cache: 300 });
    },
    putSchoolName: async (req) => renameSchool(app.db, req.body, auditActor(req)),
    // The table's upload entry admits only PNG and SVG bodies.
    postSchoolLogo: async (req) =>
      setSchoolLogo(app.db, req.body, mediaTypeOf(req) as LogoMediaType, auditActor(req), opts.clock()),
  });
};
