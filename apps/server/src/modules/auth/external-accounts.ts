// The account row of a person outside the school who signs one contract (username `ext:…`). Like a
// service account it can never sign in by itself: no password (no argon2 string starts with '!') and
// disabled from the start, so neither a password, an admin's reset nor a campus identity opens a
// session for it. The contracts module opens its only sessions, scoped to the one contract, after
// the one-time code (insertSession with a scope).
import { randomBytes } from 'node:crypto';
import { EXTERNAL_USERNAME_PREFIX } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { newAccountRow } from './accounts.ts';

const NO_SIGN_IN = '!external';

/** Inserts an external signer's account inside the caller's transaction; its username. */
export async function insertExternalAccount(
  trx: Kysely<Database>,
  account: { id: string; displayName: string; unitId: string },
  now: Date,
): Promise<string> {
  const username = `${EXTERNAL_USERNAME_PREFIX}${randomBytes(6).toString('hex')}`;
  await trx
    .insertInto('users')
    .values({
      ...newAccountRow(account.id, username, account.displayName, account.unitId, now),
      password_hash: NO_SIGN_IN,
      disabled_at: now.toISOString(),
    })
    .execute();
  return username;
}
