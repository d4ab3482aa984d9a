import type { PendingPasswordReset } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { SecretBox } from './secret-box.ts';

// The unit head's side of an admin password reset (users/password-reset.ts issues it): the resets
// they have to hand over, and each code revealed to them once.

/** The owner a reset code is sealed under in the secret box. */
export const resetOwner = (resetId: string) => `password-reset:${resetId}`;

async function openResets(db: Kysely<Database>, headId: string, now: Date) {
  const rows = await db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select([
      'password_resets.id',
      'password_resets.user_id',
      'password_resets.recipients',
      'password_resets.code_box',
      'password_resets.created_at',
      'password_resets.expires_at',
      'users.username',
      'users.display_name',
    ])
    .where('password_resets.closed_at', 'is', null)
    .where('password_resets.expires_at', '>', now.toISOString())
    .orderBy('password_resets.created_at')
    .execute();
  return rows.filter((r) => (JSON.parse(r.recipients) as string[]).includes(headId));
}

/** The resets a unit head has to hand over (without the codes). */
export async function listResetsToHandOver(
  db: Kysely<Database>,
  headId: string,
  now: Date,
): Promise<PendingPasswordReset[]> {
  return (await openResets(db, headId, now)).map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    issuedAt: r.created_at,
    expiresAt: r.expires_at,
    revealed: r.code_box === null,
  }));
}

/** Shows a reset code to one of its unit heads, once; the encrypted copy is then erased. */
export async function revealResetCode(
  db: Kysely<Database>,
  secrets: SecretBox,
  head: { userId: string; username: string },
  resetId: string,
  requestId: string,
  now: Date,
): Promise<{ code: string }> {
  const reset = (await openResets(db, head.userId, now)).find((r) => r.id === resetId);
  if (!reset) throw new AppError('ERR_NOT_FOUND', `no open reset ${resetId} for this unit head`);
  if (reset.code_box === null) throw new AppError('ERR_NOT_FOUND', `reset ${resetId} was already revealed`);
  const code = secrets.open(resetOwner(resetId), reset.code_box);
  await db.transaction().execute(async (trx) => {
    const taken = await trx
      .updateTable('password_resets')
      .set({ code_box: null, revealed_at: now.toISOString(), revealed_by: head.username })
      .where('id', '=', resetId)
      .where('code_box', 'is not', null)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) throw new AppError('ERR_NOT_FOUND', 'already revealed');
    await appendAudit(trx, {
      actor: head.username,
      action: 'users.resetCodeRevealed',
      object: `user:${reset.user_id}`,
      outcome: 'success',
      requestId,
    });
  });
  return { code };
}
