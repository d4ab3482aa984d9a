import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import { openSession } from '../auth-service.ts';
import { type SecretBox, totpOwner } from '../secret-box.ts';
import { verifyTotp } from '../totp.ts';

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
  /** The account has a second factor: the sign-in waits for its code (finishVouchedSecondFactor). */
  | { kind: 'secondFactor' };

/**
 * Signs in an existing account that a workplace app (WeChat Work, DingTalk) vouched for, under the
 * single sign-on rules: a leaver (disabled) and a locked account are refused (audited as denied), an
 * account with a second factor waits for its code. A session is audited as `action`.
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
          : null;
    if (refused) {
      await appendAudit(trx, { ...base, outcome: 'denied' });
      return refused;
    }
    if (user.totp_secret !== null) return { kind: 'secondFactor' };
    const { token, csrfToken } = await openSession(trx, userId, now);
    await appendAudit(trx, { ...base, outcome: 'success' });
    return { kind: 'session', token, csrfToken };
  });
}

/**
 * The second factor of a sign-in a workplace app vouched for. A wrong code counts like a wrong password
 * (null: the caller refuses and the person starts again in the app); a right one opens the session.
 */
export async function finishVouchedSecondFactor(
  db: Kysely<Database>,
  secrets: SecretBox,
  userId: string,
  totpCode: string,
  action: string,
  requestId: string,
  now: Date,
): Promise<{ token: string; csrfToken: string } | null> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['username', 'totp_secret', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    const base = { actor: user.username, action, object: `user:${userId}`, requestId };
    const ok =
      user.totp_secret !== null &&
      user.disabled_at === null &&
      verifyTotp(secrets.open(totpOwner(userId), user.totp_secret), totpCode, now);
    if (!ok) {
      await trx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', userId)
        .execute();
      await appendAudit(trx, { ...base, outcome: 'failure' });
      return null;
    }
    const { token, csrfToken } = await openSession(trx, userId, now);
    await appendAudit(trx, { ...base, outcome: 'success' });
    return { token, csrfToken };
  });
}
