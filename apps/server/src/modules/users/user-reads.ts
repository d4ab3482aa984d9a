// What other domains read about accounts and role grants: names to show, whether people exist, who
// holds a role, who holds a security role (三员分立). A leaf: it imports nothing from other modules.
import { SECURITY_ROLES } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The display names of the users among `ids` that exist, by id. */
export async function displayNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The ids among `ids` that are accounts. */
export async function existingUserIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** An account's username and home unit, or undefined when there is none with that id. */
export async function findAccount(
  db: Kysely<Database>,
  id: string,
): Promise<{ username: string; displayName: string; unitId: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['username', 'display_name', 'unit_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { username: row.username, displayName: row.display_name, unitId: row.unit_id };
}

/** The accounts whose home unit is one of `unitIds`, by username. */
export async function usersInUnits(
  db: Kysely<Database>,
  unitIds: readonly string[],
): Promise<{ id: string; username: string; displayName: string; unitId: string }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'unit_id'])
    .where('unit_id', 'in', [...unitIds])
    .orderBy('username')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    unitId: r.unit_id,
  }));
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
