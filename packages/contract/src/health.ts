import { type Static, Type } from '@sinclair/typebox';
import { ErrorBody } from './error-body.ts';

export const HealthResponse = Type.Object(
  {
    status: Type.Literal('ok'),
    database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  },
  { additionalProperties: false },
);
export type HealthResponse = Static<typeof HealthResponse>;

/** GET /health: 200 when the database answers, 503 ERR_DB_UNAVAILABLE otherwise. */
export const healthRoute = {
  summary: 'Readiness: the server is up and its database answers',
  tags: ['health'],
  response: { 200: HealthResponse, 503: ErrorBody },
} as const;

/** GET /health/live: liveness, the process answers (no database round trip), for restart probes. */
export const livenessRoute = {
  summary: 'Liveness: the process answers',
  tags: ['health'],
  response: { 200: Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false }) },
} as const;
