import { healthRoute, livenessRoute } from '../health.ts';
import { schoolTimeZoneRoute } from '../school-time.ts';
import type { RouteSpec } from './route-spec.ts';

/** Probes for the orchestrator, and the school's time zone that public pages print times in. */
export const healthApi = {
  liveness: { method: 'GET', path: '/health/live', schema: livenessRoute, access: { public: true } },
  health: { method: 'GET', path: '/health', schema: healthRoute, access: { public: true } },
  schoolTimeZone: {
    method: 'GET',
    path: '/api/public/time-zone',
    schema: schoolTimeZoneRoute,
    access: { public: true },
  },
} as const satisfies Record<string, RouteSpec>;
