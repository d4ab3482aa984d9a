import {
  createUserRoute,
  grantRoleRoute,
  listRoleConflictsRoute,
  listUsersRoute,
  resetPasswordRoute,
  revokeRoleRoute,
} from '../users.ts';
import type { RouteSpec } from './route-spec.ts';

/**
 * Accounts (system admin: create, reset passwords) and roles (security admin: grant, revoke): separate
 * permissions held by mutually exclusive roles. The auditor checks for grants that break 三员分立.
 */
export const usersApi = {
  listUsers: {
    method: 'GET',
    path: '/api/users',
    schema: listUsersRoute,
    access: { permission: 'users.read', scope: 'query.unitIdOrRoot' },
  },
  createUser: {
    method: 'POST',
    path: '/api/users',
    schema: createUserRoute,
    access: { permission: 'users.create', scope: 'body.unitId' },
  },
  resetPassword: {
    method: 'POST',
    path: '/api/users/:id/password',
    schema: resetPasswordRoute,
    access: { permission: 'users.resetPassword', scope: 'params.id:user' },
  },
  listRoleConflicts: {
    method: 'GET',
    path: '/api/users/role-conflicts',
    schema: listRoleConflictsRoute,
    access: { permission: 'audit.read' },
  },
  grantRole: {
    method: 'POST',
    path: '/api/users/:id/roles',
    schema: grantRoleRoute,
    access: { permission: 'roles.grant', scope: 'body.orgUnitId' },
  },
  revokeRole: {
    method: 'DELETE',
    path: '/api/users/:id/roles',
    schema: revokeRoleRoute,
    access: { permission: 'roles.revoke', scope: 'query.orgUnitId' },
  },
} as const satisfies Record<string, RouteSpec>;
