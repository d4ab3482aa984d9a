// The account rows (users) as other domains read and make them: names to show, whether people exist,
// who lives in which units, a new account. Auth owns the table because the row carries the
// credentials (password hash, TOTP, lockout) that sign-in checks.
import { randomUUID } from 'node:crypto';
import type { CreateUserBody } from '@openseal/contract';
import type { Insertable, Kysely } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database, UserTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { hashPassword } from './password.ts';

/** An account as the rest of the server sees it: never its credentials. */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  /** ISO 8601 UTC while sign-in is locked, else null. */
  lockedUntil: string | null;
}

const ACCOUNT_COLUMNS = ['id', 'username', 'display_name', 'unit_id', 'locked_until'] as const;

function accountFromRow(row: {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  locked_until: string | null;
}): Account {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    unitId: row.unit_id,
    lockedUntil: row.locked_until,
  };
}

/** One account, or undefined when there is none with that id. */
export async function findAccount(db: Kysely<Database>, id: string): Promise<Account | undefined> {
  const row = await db.selectFrom('users').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && accountFromRow(row);
}

/** The accounts among `ids` that exist, by id, in username order (one query for a whole page). */
export async function accountsByIds(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, Account>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(ACCOUNT_COLUMNS)
    .where('id', 'in', [...new Set(ids)])
    .orderBy('username')
    .execute();
  return new Map(rows.map((r) => [r.id, accountFromRow(r)]));
}

/** The display names of the accounts among `ids` that exist, by id. */
export async function displayNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await inChunks(ids, (slice) =>
    db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', slice).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** The ids among `ids` that are accounts. */
export async function existingUserIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await inChunks(ids, (slice) =>
    db.selectFrom('users').select('id').where('id', 'in', slice).execute(),
  );
  return new Set(rows.map((r) => r.id));
}

/** The accounts whose home unit is one of `unitIds`, by username. */
export async function accountsInUnits(db: Kysely<Database>, unitIds: readonly string[]): Promise<Account[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(ACCOUNT_COLUMNS)
    .where('unit_id', 'in', [...unitIds])
    .orderBy('username')
    .execute();
  return rows.map(accountFromRow);
}

/** Whether any account exists (the first start seeds the demo school only into an empty database). */
export async function hasAnyAccount(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Inserts an account inside the caller's transaction (no audit: the caller writes it). */
export async function insertAccount(trx: Kysely<Database>, body: CreateUserBody, now: Date): Promise<string> {
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', body.username)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_USERNAME_TAKEN');
  const id = randomUUID();
  const row = newAccountRow(id, body.username, body.displayName, body.unitId, now);
  await trx
    .insertInto('users')
    .values({ ...row, password_hash: await hashPassword(body.password) })
    .execute();
  return id;
}

/** A new account's row with nothing yet: no failed sign-ins, second factor or reset under way. */
export function newAccountRow(
  id: string,
  username: string,
  displayName: string,
  unitId: string,
  now: Date,
): Omit<Insertable<UserTable>, 'password_hash'> {
  return {
    id,
    username,
    display_name: displayName,
    unit_id: unitId,
    failed_logins: 0,
    locked_until: null,
    totp_secret: null,
    totp_pending: null,
    created_at: now.toISOString(),
    must_change_password: 0,
    password_reset_at: null,
    password_reset_expires_at: null,
  };
}
