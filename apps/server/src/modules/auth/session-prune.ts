import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** How often expired sessions are cleared away. */
export const SESSION_PRUNE_MS = 60 * 60_000;

/**
 * Clears sessions past their expiry, with the single-logout links of SSO sessions gone with them and
 * sign-ins abandoned at the provider. An expired session is already refused; a school of 40,000
 * signing in every term would otherwise keep every one of them.
 */
export async function pruneExpiredSessions(db: Kysely<Database>, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('sso_sessions')
      .where((eb) =>
        eb.or([
          eb('session_id', 'not in', eb.selectFrom('sessions').select('id')),
          eb('session_id', 'in', eb.selectFrom('sessions').select('id').where('expires_at', '<=', at)),
        ]),
      )
      .execute();
    await trx.deleteFrom('sessions').where('expires_at', '<=', at).execute();
  });
  await db.deleteFrom('sso_logins').where('expires_at', '<=', at).execute();
}
