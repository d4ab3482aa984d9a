import type { CreateUserBody, Role, RoleConflict, User } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { breaksSeparation, canGrant, type Grant } from '../../plugins/access-policy.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import {
  type Account,
  accountsByIds,
  accountsInUnits,
  findAccount,
  insertAccount,
} from '../auth/accounts.ts';
import { loadGrants } from './user-reads.ts';

export type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

async function userView(db: Kysely<Database>, account: Account, now: Date): Promise<User> {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    unitId: account.unitId,
    locked: account.lockedUntil !== null && account.lockedUntil > now.toISOString(),
    grants: await loadGrants(db, account.id),
  };
}

export async function getUser(db: Kysely<Database>, id: string, now: Date): Promise<User> {
  const account = await findAccount(db, id);
  if (!account) throw new AppError('ERR_NOT_FOUND', `user ${id} not found`);
  return userView(db, account, now);
}

export async function userUnitId(db: Kysely<Database>, id: string): Promise<string> {
  const account = await findAccount(db, id);
  if (!account) throw new AppError('ERR_NOT_FOUND', `user ${id} not found`);
  return account.unitId;
}

export async function listUsers(
  db: Kysely<Database>,
  unitIds: readonly string[],
  now: Date,
): Promise<User[]> {
  const accounts = await accountsInUnits(db, unitIds);
  return Promise.all(accounts.map((account) => userView(db, account, now)));
}

/** Inserts an account inside the caller's transaction (no audit: the caller writes it). */
export async function insertUser(trx: Kysely<Database>, body: CreateUserBody, now: Date): Promise<string> {
  return insertAccount(trx, body, now);
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
    .select(['user_id', 'role', 'org_unit_id'])
    .orderBy('role')
    .execute();
  const grantsOf = new Map<string, Grant[]>();
  for (const r of rows) {
    const grants = grantsOf.get(r.user_id) ?? [];
    grants.push({ role: r.role as Role, orgUnitId: r.org_unit_id });
    grantsOf.set(r.user_id, grants);
  }
  // In username order (auth sorts them), each with its grants by role; a grant of a gone account is nobody's.
  const accounts = await accountsByIds(db, [...grantsOf.keys()]);
  return [...accounts.values()].flatMap((a) => {
    const grants = grantsOf.get(a.id) ?? [];
    return breaksSeparation(grants)
      ? [{ userId: a.id, username: a.username, displayName: a.displayName, grants }]
      : [];
  });
}
