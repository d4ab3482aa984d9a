import { createOrgUnitRoute, listOrgUnitsRoute } from '../org.ts';
import type { RouteSpec } from './route-spec.ts';

/** The org tree. */
export const orgApi = {
  listOrgUnits: {
    method: 'GET',
    path: '/api/org/units',
    schema: listOrgUnitsRoute,
    access: { permission: 'org.read' },
  },
  createOrgUnit: {
    method: 'POST',
    path: '/api/org/units',
    schema: createOrgUnitRoute,
    access: { permission: 'org.create', scope: 'body.parentId' },
  },
} as const satisfies Record<string, RouteSpec>;
