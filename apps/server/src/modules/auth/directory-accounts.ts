import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newAccountRow } from './accounts.ts';

/** An account as directory sync compares it. */
export interface DirectoryAccountRow {
  id: string;
  username: string;
  campusId: string | null;
  displayName: string;
  email: string | null;
  phone: string | null;
  unitId: string;
  managed: boolean;
  disabled: boolean;
}

/** The fields the directory owns on an account it manages. */
export interface DirectoryPersonFields {
  campusId: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  unitId: string;
}

// No argon2 string starts with '!': verifyPassword fails closed, so a directory account has no local
// password; its person signs in through the school's identity provider.
const NO_LOCAL_PASSWORD = '!directory';

export async function listAccountsForDirectory(db: Kysely<Database>): Promise<DirectoryAccountRow[]> {
  const rows = await db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'campus_id',
      'display_name',
      'email',
      'phone',
      'unit_id',
      'directory_managed',
      'disabled_at',
    ])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    campusId: r.campus_id,
    displayName: r.display_name,
    email: r.email,
    phone: r.phone,
    unitId: r.unit_id,
    managed: r.directory_managed === 1,
    disabled: r.disabled_at !== null,
  }));
}

/** Inserts a directory-managed account (username = campus ID) inside the caller's transaction. */
export async function insertDirectoryAccount(
  trx: Kysely<Database>,
  person: DirectoryPersonFields,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await trx
    .insertInto('users')
    .values({
      ...newAccountRow(id, person.campusId, person.displayName, person.unitId, now),
      password_hash: NO_LOCAL_PASSWORD,
      campus_id: person.campusId,
      email: person.email,
      phone: person.phone,
      directory_managed: 1,
      disabled_at: null,
    })
    .execute();
  return id;
}

/** Writes the directory's fields onto a managed account and enables it (a returner comes back). */
export async function updateDirectoryAccount(
  trx: Kysely<Database>,
  id: string,
  person: DirectoryPersonFields,
): Promise<void> {
  await trx
    .updateTable('users')
    .set({
      display_name: person.displayName,
      email: person.email,
      phone: person.phone,
      unit_id: person.unitId,
      disabled_at: null,
    })
    .where('id', '=', id)
    .where('directory_managed', '=', 1)
    .execute();
}

/** Disables a managed account and ends its sessions; the row and its history stay. */
export async function disableDirectoryAccount(trx: Kysely<Database>, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('users')
    .set({ disabled_at: now.toISOString() })
    .where('id', '=', id)
    .where('directory_managed', '=', 1)
    .execute();
  await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
}
