import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import { openSession } from '../auth-service.ts';

/** The account whose campus ID (学号/工号) is one of `campusIds`, tried in order; null when none. */
export async function accountIdByCampusId(
  db: Kysely<Database>,
  campusIds: readonly string[],
): Promise<string | null> {
  for (const campusId of campusIds) {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('campus_id', '=', campusId)
      .executeTakeFirst();
    if (row) return row.id;
  }
  return null;
}

export type VouchedOutcome =
  | { kind: 'session'; token: string; csrfToken: string }
  | { kind: 'disabled' }
  | { kind: 'locked' }
  /** The account has a second factor, which a workplace app's sign-in cannot ask for. */
  | { kind: 'secondFactor' };

/**
 * Signs in an existing account that a workplace app (WeChat Work, DingTalk) vouched for, under the
 * single sign-on rules: a leaver (disabled) and a locked account are refused, an account with a
 * second factor is not signed in without it. Audited as `action` either way.
 */
export async function signInVouchedAccount(
  db: Kysely<Database>,
  userId: string,
  action: string,
  requestId: string,
  now: Date,
): Promise<VouchedOutcome> {
  return db.transaction().execute(async (trx): Promise<VouchedOutcome> => {
    const user = await trx
      .selectFrom('users')
      .select(['username', 'totp_secret', 'locked_until', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const base = { actor: user.username, action, object: `user:${userId}`, requestId };
    const refused: VouchedOutcome | null =
      user.disabled_at !== null
        ? { kind: 'disabled' }
        : user.locked_until !== null && user.locked_until > now.toISOString()
          ? { kind: 'locked' }
          : user.totp_secret !== null
            ? { kind: 'secondFactor' }
            : null;
    if (refused) {
      await appendAudit(trx, { ...base, outcome: 'denied' });
      return refused;
    }
    const { token, csrfToken } = await openSession(trx, userId, now);
    await appendAudit(trx, { ...base, outcome: 'success' });
    return { kind: 'session', token, csrfToken };
  });
}
