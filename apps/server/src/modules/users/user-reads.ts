// What other domains read about role grants: a user's grants, who holds a role, who holds a security
// role (三员分立). The accounts themselves are auth's (auth/accounts.ts).
import { type Role, SECURITY_ROLES } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Grant } from '../../plugins/access-policy.ts';

/** The role grants a user holds, oldest first. */
export async function loadGrants(db: Kysely<Database>, userId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('role_grants')
    .select(['role', 'org_unit_id'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('role')
    .execute();
  return rows.map((r) => ({ role: r.role as Role, orgUnitId: r.org_unit_id }));
}

/** Every grant of the `roles`: who holds which of them where. */
export async function grantsOfRoles(
  db: Kysely<Database>,
  roles: readonly string[],
): Promise<{ userId: string; role: string; orgUnitId: string }[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('role_grants')
    .select(['user_id', 'role', 'org_unit_id'])
    .where('role', 'in', [...roles])
    .execute();
  return rows.map((r) => ({ userId: r.user_id, role: r.role, orgUnitId: r.org_unit_id }));
}

/**
 * Who holds a security role (system, security or audit admin: 三员分立), among `userIds` or among
 * everyone when absent.
 */
export async function securityRoleHolders(
  db: Kysely<Database>,
  userIds?: readonly string[],
): Promise<Set<string>> {
  if (userIds?.length === 0) return new Set();
  let query = db
    .selectFrom('role_grants')
    .select('user_id')
    .where('role', 'in', [...SECURITY_ROLES]);
  if (userIds) query = query.where('user_id', 'in', [...new Set(userIds)]);
  return new Set((await query.execute()).map((g) => g.user_id));
}
