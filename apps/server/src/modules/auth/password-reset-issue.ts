// The account side of an admin password reset (users/password-reset.ts decides who hands the code
// over): the one-time code replaces the password, sessions end, an earlier open reset closes, and the
// code is kept sealed for its unit heads (auth/password-reset-handover.ts reveals it once).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { generatePassword, hashPassword } from './password.ts';
import { resetOwner } from './password-reset-handover.ts';
import type { SecretBox } from './secret-box.ts';

/** How long a reset code signs in before the admin must reset again. */
export const RESET_CODE_TTL_MS = 72 * 3_600_000;

/** A fresh one-time code with its password hash; hashed before the transaction opens (argon2 is slow). */
export async function newResetCode(): Promise<ResetCode> {
  const code = generatePassword();
  return { code, passwordHash: await hashPassword(code) };
}

export interface ResetCode {
  code: string;
  passwordHash: string;
}

export interface PasswordResetOrder {
  userId: string;
  /** The admin's username, kept with the reset. */
  issuedBy: string;
  /** The unit heads who may reveal the code. */
  recipientIds: readonly string[];
  /** Also remove the enrolled authenticator and its recovery codes. */
  resetTotp: boolean;
  now: Date;
}

/** Writes the reset inside the caller's transaction (the caller audits it); returns when the code expires. */
export async function recordPasswordReset(
  trx: Kysely<Database>,
  secrets: SecretBox,
  { code, passwordHash }: ResetCode,
  order: PasswordResetOrder,
): Promise<{ expiresAt: string }> {
  const { userId, now } = order;
  const resetId = randomUUID();
  const expiresAt = new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString();
  await trx
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      must_change_password: 1,
      password_reset_at: now.toISOString(),
      password_reset_expires_at: expiresAt,
      ...(order.resetTotp ? { totp_secret: null, totp_pending: null } : {}),
    })
    .where('id', '=', userId)
    .execute();
  if (order.resetTotp) await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx
    .updateTable('password_resets')
    .set({ closed_at: now.toISOString(), code_box: null })
    .where('user_id', '=', userId)
    .where('closed_at', 'is', null)
    .execute();
  await trx
    .insertInto('password_resets')
    .values({
      id: resetId,
      user_id: userId,
      issued_by: order.issuedBy,
      recipients: JSON.stringify(order.recipientIds),
      code_box: secrets.seal(resetOwner(resetId), code),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revealed_at: null,
      revealed_by: null,
      closed_at: null,
    })
    .execute();
  return { expiresAt };
}
