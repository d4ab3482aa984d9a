import {
  getSchoolRoute,
  MAX_LOGO_BYTES,
  postSchoolLogoRoute,
  putSchoolNameRoute,
  type SchoolNameBody,
} from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../errors.ts';
import { auditActor, type RouteAccess } from '../../plugins/authorize.ts';
import { rootUnitId } from '../org/org-service.ts';
import type { LogoMediaType } from './logo-check.ts';
import { LOGO_PATH, renameSchool, schoolLogo, schoolProfile, setSchoolLogo } from './school-service.ts';

const LOGO_TYPES: readonly LogoMediaType[] = ['image/png', 'image/svg+xml'];
/** The logo is served as an image only: nothing in it may run or load, even opened on its own. */
const LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** The sign-in page's school name and logo: read by anyone, set by the system admin. */
export const schoolRoutes: FastifyPluginAsync<{ clock: () => Date }> = async (app, opts) => {
  // The system admin at the school's root: who creates the org tree names it.
  const admin: RouteAccess = { permission: 'org.create', scope: (req) => rootUnitId(req.server.db) };

  // Scoped to this plugin: only the logo upload takes raw image bodies.
  for (const type of LOGO_TYPES)
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/api/public/school', { schema: getSchoolRoute, config: { access: { public: true } } }, async () =>
    schoolProfile(app.db),
  );

  app.get(
    LOGO_PATH,
    { schema: { hide: true }, config: { access: { public: true } } },
    async (_req, reply) => {
      const logo = await schoolLogo(app.db);
      if (!logo) throw new AppError('ERR_NOT_FOUND', 'no logo has been set');
      return reply
        .header('content-type', logo.mediaType)
        .header('content-security-policy', LOGO_CSP)
        .header('cache-control', 'public, max-age=300')
        .send(logo.bytes);
    },
  );

  app.put<{ Body: SchoolNameBody }>(
    '/api/school/name',
    { schema: putSchoolNameRoute, config: { access: admin } },
    async (req) => renameSchool(app.db, req.body, auditActor(req)),
  );

  app.post(
    '/api/school/logo',
    { schema: postSchoolLogoRoute, bodyLimit: MAX_LOGO_BYTES, config: { access: admin } },
    async (req) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim() as LogoMediaType;
      if (!LOGO_TYPES.includes(type) || !Buffer.isBuffer(req.body))
        throw new AppError('ERR_SCHOOL_LOGO_INVALID', 'send a PNG or SVG as the body', [
          'Content-Type must be image/png or image/svg+xml',
        ]);
      return setSchoolLogo(app.db, req.body, type, auditActor(req), opts.clock());
    },
  );
};
