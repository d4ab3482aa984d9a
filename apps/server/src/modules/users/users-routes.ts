import type { Role } from '@openseal/contract';
import type { FastifyPluginAsync } from 'fastify';
import { auditActor } from '../../plugins/authorize.ts';
import { serveRoutes } from '../../plugins/serve-routes.ts';
import type { Actor } from '../../plugins/session.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { rootUnitId, subtreeIds } from '../org/org-service.ts';
import { resetPassword } from './password-reset.ts';
import { createUser, grantRole, listRoleConflicts, listUsers, revokeRole } from './users-service.ts';

export interface UsersRoutesOptions {
  clock: () => Date;
  exclusivePairs: readonly (readonly [Role, Role])[];
  secrets: SecretBox;
}

/**
 * Accounts (system admin: create, reset passwords) and roles (security admin: grant, revoke). The two
 * are separate permissions held by mutually exclusive roles, so neither admin can do the other's job.
 * The auditor checks for grants that break 三员分立 all the same.
 */
export const usersRoutes: FastifyPluginAsync<UsersRoutesOptions> = async (app, opts) => {
  serveRoutes(app, {
    listUsers: async (req) => {
      const unitId = req.query.unitId ?? (await rootUnitId(app.db));
      return listUsers(app.db, await subtreeIds(app.db, unitId), opts.clock());
    },
    createUser: async (req, reply) =>
      reply.status(201).send(await createUser(app.db, req.body, auditActor(req), opts.clock())),
    resetPassword: (req) =>
      resetPassword(
        app.db,
        opts.secrets,
        req.params.id,
        { resetTotp: req.body.resetTotp ?? false },
        auditActor(req),
        opts.clock(),
      ),
    listRoleConflicts: () => listRoleConflicts(app.db),
    grantRole: (req) =>
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
    revokeRole: (req) =>
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
  });
};
