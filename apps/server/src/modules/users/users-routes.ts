import {
  type CreateUserBody,
  createUserRoute,
  grantRoleRoute,
  type ListUsersQuery,
  listRoleConflictsRoute,
  listUsersRoute,
  type ResetPasswordBody,
  type RevokeRoleQuery,
  type Role,
  type RoleGrant,
  resetPasswordRoute,
  revokeRoleRoute,
  type UserIdParams,
} from '@openseal/contract';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { rootUnitId, subtreeIds } from '../org/org-service.ts';
import { resetPassword } from './password-reset.ts';
import {
  createUser,
  grantRole,
  listRoleConflicts,
  listUsers,
  revokeRole,
  userUnitId,
} from './users-service.ts';

export interface UsersRoutesOptions {
  clock: () => Date;
  exclusivePairs: readonly (readonly [Role, Role])[];
  secrets: SecretBox;
}

const targetUserUnit = (req: FastifyRequest) => userUnitId(req.server.db, (req.params as UserIdParams).id);

/**
 * Accounts (system admin: create, reset passwords) and roles (security admin: grant, revoke). The two
 * are separate permissions held by mutually exclusive roles, so neither admin can do the other's job.
 * The auditor checks for grants that break 三员分立 all the same.
 */
export const usersRoutes: FastifyPluginAsync<UsersRoutesOptions> = async (app, opts) => {
  app.get<{ Querystring: ListUsersQuery }>(
    '/api/users',
    {
      schema: listUsersRoute,
      config: {
        access: {
          permission: 'users.read',
          scope: async (req) => (req.query as ListUsersQuery).unitId ?? (await rootUnitId(req.server.db)),
        },
      },
    },
    async (req) => {
      const unitId = req.query.unitId ?? (await rootUnitId(app.db));
      return listUsers(app.db, await subtreeIds(app.db, unitId), opts.clock());
    },
  );

  app.post<{ Body: CreateUserBody }>(
    '/api/users',
    {
      schema: createUserRoute,
      config: { access: { permission: 'users.create', scope: (req) => (req.body as CreateUserBody).unitId } },
    },
    async (req, reply) =>
      reply.status(201).send(await createUser(app.db, req.body, auditActor(req), opts.clock())),
  );

  app.post<{ Params: UserIdParams; Body: ResetPasswordBody }>(
    '/api/users/:id/password',
    {
      schema: resetPasswordRoute,
      config: { access: { permission: 'users.resetPassword', scope: targetUserUnit } },
    },
    (req) =>
      resetPassword(
        app.db,
        opts.secrets,
        req.params.id,
        { resetTotp: req.body.resetTotp ?? false },
        auditActor(req),
        opts.clock(),
      ),
  );

  app.get(
    '/api/users/role-conflicts',
    { schema: listRoleConflictsRoute, config: { access: { permission: 'audit.read' } } },
    () => listRoleConflicts(app.db),
  );

  app.post<{ Params: UserIdParams; Body: RoleGrant }>(
    '/api/users/:id/roles',
    {
      schema: grantRoleRoute,
      config: { access: { permission: 'roles.grant', scope: (req) => (req.body as RoleGrant).orgUnitId } },
    },
    (req) =>
      grantRole(
        app.db,
        {
          actorId: (req.actor as Actor).userId,
          userId: req.params.id,
          role: req.body.role,
          orgUnitId: req.body.orgUnitId,
          exclusivePairs: opts.exclusivePairs,
        },
        auditActor(req),
        opts.clock(),
      ),
  );

  app.delete<{ Params: UserIdParams; Querystring: RevokeRoleQuery }>(
    '/api/users/:id/roles',
    {
      schema: revokeRoleRoute,
      config: {
        access: { permission: 'roles.revoke', scope: (req) => (req.query as RevokeRoleQuery).orgUnitId },
      },
    },
    (req) =>
      revokeRole(
        app.db,
        {
          actorId: (req.actor as Actor).userId,
          userId: req.params.id,
          role: req.query.role,
          orgUnitId: req.query.orgUnitId,
        },
        auditActor(req),
        opts.clock(),
      ),
  );
};
