// The account row a service account acts as: the seal step, the ledger and the audit log name who
// acted by an account, so a business system calling the service API gets one (username `svc:<name>`).
// It can never sign in: no local password (no argon2 string starts with '!') and disabled from the
// start, so neither an admin's password reset nor a campus identity opens a console session for it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { newAccountRow } from './accounts.ts';

const NO_SIGN_IN = '!service';

export const serviceUsername = (name: string): string => `svc:${name}`;

/** Inserts the account row of a new service account inside the caller's transaction; its id. */
export async function insertServiceUser(
  trx: Kysely<Database>,
  account: { name: string; displayName: string; unitId: string },
  now: Date,
): Promise<string> {
  const username = serviceUsername(account.name);
  const taken = await trx
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (taken) throw new AppError('ERR_SERVICE_ACCOUNT_NAME_TAKEN');
  const id = randomUUID();
  await trx
    .insertInto('users')
    .values({
      ...newAccountRow(id, username, account.displayName, account.unitId, now),
      password_hash: NO_SIGN_IN,
      disabled_at: now.toISOString(),
    })
    .execute();
  return id;
}
