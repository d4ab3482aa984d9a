import { type Static, Type } from '@sinclair/typebox';

export const SchoolTimeZone = Type.Object(
  {
    /** IANA name (OPENSEAL_TIME_ZONE, default Asia/Shanghai): pages show every time in it, labelled. */
    timeZone: Type.String(),
  },
  { additionalProperties: false },
);
export type SchoolTimeZone = Static<typeof SchoolTimeZone>;

/** GET /api/public/time-zone: the school's time zone, for the console and the public pages. */
export const schoolTimeZoneRoute = {
  summary: "The school's time zone",
  tags: ['settings'],
  response: { 200: SchoolTimeZone },
} as const;
