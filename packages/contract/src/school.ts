// The school as the sign-in page shows it: its name (the org tree's root) and its logo, both set by
// the system admin.
import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

export const SchoolProfile = Type.Object(
  {
    nameZh: Type.String(),
    nameEn: Type.String(),
    /** GET /api/public/school/logo?v=… when a logo is set (the version changes with the file), else null. */
    logoUrl: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SchoolProfile = Static<typeof SchoolProfile>;

export const SchoolNameBody = Type.Object(
  {
    nameZh: Type.String({ minLength: 1, maxLength: 100 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type SchoolNameBody = Static<typeof SchoolNameBody>;

/** A PNG or SVG of at most this many bytes. */
export const MAX_LOGO_BYTES = 256 * 1024;

export const getSchoolRoute = {
  summary: 'The school name and logo for the sign-in page (public)',
  tags: ['school'],
  response: { 200: SchoolProfile },
} as const;

/** GET /api/public/school/logo: the logo's bytes, PNG or SVG (kept out of the OpenAPI document). */
export const schoolLogoRoute = { hide: true } as const;

export const putSchoolNameRoute = {
  summary: 'Rename the school (the root of the org tree)',
  tags: ['school'],
  body: SchoolNameBody,
  response: { 200: SchoolProfile, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
} as const;

export const postSchoolLogoRoute = {
  summary: 'Upload the logo: the file itself as the body, Content-Type image/png or image/svg+xml',
  tags: ['school'],
  response: {
    200: SchoolProfile,
    400: ErrorBody,
    401: ErrorBody,
    403: ErrorBody,
    413: ErrorBody,
    415: ErrorBody,
  },
} as const;
