import type { ChangePasswordBody } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { hashPassword, verifyPassword } from './password.ts';

/**
 * A user changes their own password: the current one (or the one-time reset code) is required, the
 * new one must differ, a pending admin reset is closed, and every other session of the user ends.
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  actor: { userId: string; username: string; sessionId: string },
  body: ChangePasswordBody,
  requestId: string,
  now: Date,
): Promise<void> {
  const row = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  const base = {
    actor: actor.username,
    action: 'auth.passwordChange',
    object: `user:${actor.userId}`,
    requestId,
  };
  if (!(await verifyPassword(row.password_hash, body.currentPassword))) {
    await appendAudit(db, { ...base, outcome: 'failure' });
    throw new AppError('ERR_PASSWORD_WRONG');
  }
  if (body.newPassword === body.currentPassword) throw new AppError('ERR_PASSWORD_REUSED');
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: 0,
        password_reset_at: null,
        password_reset_expires_at: null,
      })
      .where('id', '=', actor.userId)
      .execute();
    await trx
      .updateTable('password_resets')
      .set({ closed_at: now.toISOString(), code_box: null })
      .where('user_id', '=', actor.userId)
      .where('closed_at', 'is', null)
      .execute();
    await trx
      .deleteFrom('sessions')
      .where('user_id', '=', actor.userId)
      .where('id', '!=', actor.sessionId)
      .execute();
    await appendAudit(trx, { ...base, outcome: 'success' });
  });
}
