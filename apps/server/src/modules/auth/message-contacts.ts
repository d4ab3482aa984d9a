// What the messages module reads of accounts: how to reach a person (name, campus ID, email) and
// whether they may still be told anything (a leaver's account is disabled). Never credentials.
import type { Kysely } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database } from '../../db/schema.ts';

export interface MessageContact {
  id: string;
  username: string;
  displayName: string;
  campusId: string | null;
  email: string | null;
  /** Disabled by directory sync (the person left): they are told nothing more. */
  disabled: boolean;
}

export async function messageContacts(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, MessageContact>> {
  if (ids.length === 0) return new Map();
  const rows = await inChunks(ids, (slice) =>
    db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'campus_id', 'email', 'disabled_at'])
      .where('id', 'in', slice)
      .execute(),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        campusId: r.campus_id,
        email: r.email,
        disabled: r.disabled_at !== null,
      },
    ]),
  );
}

/** The account id of `username`, or undefined. */
export async function accountIdByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id;
}
