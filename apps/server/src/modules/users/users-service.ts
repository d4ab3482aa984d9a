import { randomUUID } from 'node:crypto';
import type { CreateUserBody, Role, RoleConflict, User } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { breaksSeparation, canGrant, type Grant } from '../../plugins/access-policy.ts';
import { loadGrants } from '../../plugins/session.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { hashPassword } from '../auth/password.ts';

export type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

export async function getUser(db: Kysely<Database>, id: string, now: Date): Promise<User> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'unit_id', 'locked_until'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `user ${id} not found`);
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    locked: row.locked_until !== null && row.locked_until > now.toISOString(),
    grants: await loadGrants(db, row.id),
  };
}

export async function userUnitId(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.selectFrom('users').select('unit_id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', `user ${id} not found`);
  return row.unit_id;
}

export async function listUsers(
  db: Kysely<Database>,
  unitIds: readonly string[],
  now: Date,
): Promise<User[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('unit_id', 'in', unitIds)
    .orderBy('username')
    .execute();
  return Promise.all(rows.map((r) => getUser(db, r.id, now)));
}

/** Inserts an account inside the caller's transaction (no audit: the caller writes it). */
export async function insertUser(trx: Kysely<Database>, body: CreateUserBody, now: Date): Promise<string> {
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', body.username)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_USERNAME_TAKEN');
  const id = randomUUID();
  await trx
    .insertInto('users')
    .values({
      id,
      username: body.username,
      display_name: body.displayName,
      unit_id: body.unitId,
      password_hash: await hashPassword(body.password),
      failed_logins: 0,
      locked_until: null,
      totp_secret: null,
      totp_pending: null,
      created_at: now.toISOString(),
      must_change_password: 0,
      password_reset_at: null,
      password_reset_expires_at: null,
    })
    .execute();
  return id;
}

/** Whether any account exists (the first start seeds the demo school only into an empty database). */
export async function hasAnyAccount(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Inserts a role grant inside the caller's transaction, unchecked (no audit: the caller writes it). */
export async function insertRoleGrant(
  trx: Kysely<Database>,
  grant: { userId: string; role: Role; unitId: string },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('role_grants')
    .values({
      user_id: grant.userId,
      role: grant.role,
      org_unit_id: grant.unitId,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function createUser(
  db: Kysely<Database>,
  body: CreateUserBody,
  who: Who,
  now: Date,
): Promise<User> {
  const id = await db.transaction().execute(async (trx) => {
    const id = await insertUser(trx, body, now);
    await appendAudit(trx, { ...who, action: 'users.create', object: `user:${id}`, outcome: 'success' });
    return id;
  });
  return getUser(db, id, now);
}

export interface GrantChange {
  actorId: string;
  userId: string;
  role: Role;
  orgUnitId: string;
  exclusivePairs: readonly (readonly [Role, Role])[];
}

export async function grantRole(
  db: Kysely<Database>,
  change: GrantChange,
  who: Who,
  now: Date,
): Promise<User> {
  const object = `user:${change.userId} role:${change.role}@${change.orgUnitId}`;
  const refusal = await db.transaction().execute(async (trx) => {
    await userUnitId(trx, change.userId);
    const held = await loadGrants(trx, change.userId);
    const decision = canGrant(change.actorId, change.userId, held, change.role, change.exclusivePairs);
    if (!decision.ok) {
      const why =
        decision.code === 'ERR_FORBIDDEN' ? 'own account' : `conflicts with ${decision.conflictsWith}`;
      return new AppError(decision.code, `cannot grant ${change.role}: ${why}`);
    }
    if (held.some((g) => g.role === change.role && g.orgUnitId === change.orgUnitId)) return null;
    await insertRoleGrant(trx, { userId: change.userId, role: change.role, unitId: change.orgUnitId }, now);
    await appendAudit(trx, { ...who, action: 'roles.grant', object, outcome: 'success' });
    return null;
  });
  if (refusal) {
    // The auditor reviews attempts too: a refused grant (separation of duties) is an entry of its own.
    await appendAudit(db, { ...who, action: 'roles.grant', object, outcome: 'denied' });
    throw refusal;
  }
  return getUser(db, change.userId, now);
}

export async function revokeRole(
  db: Kysely<Database>,
  change: Omit<GrantChange, 'exclusivePairs'>,
  who: Who,
  now: Date,
): Promise<User> {
  if (change.actorId === change.userId) throw new AppError('ERR_FORBIDDEN', 'cannot change own roles');
  await db.transaction().execute(async (trx) => {
    await userUnitId(trx, change.userId);
    const deleted = await trx
      .deleteFrom('role_grants')
      .where('user_id', '=', change.userId)
      .where('role', '=', change.role)
      .where('org_unit_id', '=', change.orgUnitId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return;
    await appendAudit(trx, {
      ...who,
      action: 'roles.revoke',
      object: `user:${change.userId} role:${change.role}@${change.orgUnitId}`,
      outcome: 'success',
    });
  });
  return getUser(db, change.userId, now);
}

/**
 * People whose grants break 三员分立 (a security role beside a business role, or two security roles),
 * found in the data: assignment refuses them, but rows can arrive by import, restore or a database
 * user. Their business grants are not honoured (effectiveGrants); this lists them for the auditor.
 */
export async function listRoleConflicts(db: Kysely<Database>): Promise<RoleConflict[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'role_grants.role',
      'role_grants.org_unit_id',
    ])
    .orderBy('users.username')
    .orderBy('role_grants.role')
    .execute();
  const byUser = new Map<string, { username: string; displayName: string; grants: Grant[] }>();
  for (const r of rows) {
    const entry = byUser.get(r.id) ?? { username: r.username, displayName: r.display_name, grants: [] };
    entry.grants.push({ role: r.role as Role, orgUnitId: r.org_unit_id });
    byUser.set(r.id, entry);
  }
  return [...byUser]
    .filter(([, u]) => breaksSeparation(u.grants))
    .map(([userId, u]) => ({ userId, username: u.username, displayName: u.displayName, grants: u.grants }));
}
