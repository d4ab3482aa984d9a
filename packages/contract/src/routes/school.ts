import {
  getSchoolRoute,
  MAX_LOGO_BYTES,
  postSchoolLogoRoute,
  putSchoolNameRoute,
  schoolLogoRoute,
} from '../school.ts';
import type { RouteSpec } from './route-spec.ts';

/** The sign-in page's school name and logo: read by anyone, set by the system admin at the root. */
export const schoolApi = {
  getSchool: { method: 'GET', path: '/api/public/school', schema: getSchoolRoute, access: { public: true } },
  schoolLogo: {
    method: 'GET',
    path: '/api/public/school/logo',
    schema: schoolLogoRoute,
    access: { public: true },
    download: { contentTypes: ['image/png', 'image/svg+xml'] },
  },
  putSchoolName: {
    method: 'PUT',
    path: '/api/school/name',
    schema: putSchoolNameRoute,
    access: { permission: 'org.create', scope: 'root' },
  },
  postSchoolLogo: {
    method: 'POST',
    path: '/api/school/logo',
    schema: postSchoolLogoRoute,
    access: { permission: 'org.create', scope: 'root' },
    upload: { contentTypes: ['image/png', 'image/svg+xml'], maxBytes: MAX_LOGO_BYTES },
  },
} as const satisfies Record<string, RouteSpec>;
