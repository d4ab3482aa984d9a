import { randomUUID } from 'node:crypto';
import type { PasswordResetIssued, Role } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isSecurityRole } from '../../plugins/access-policy.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { resetOwner } from '../auth/password-reset-handover.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Who } from './users-service.ts';

/** How long a reset code signs in before the admin must reset again. */
export const RESET_CODE_TTL_MS = 72 * 3_600_000;

/**
 * The unit heads who hand a reset code over: holders of unit_leader at the user's unit, else at the
 * nearest unit above that has one. Never the user, never a holder of a security role.
 */
async function unitHeads(
  db: Kysely<Database>,
  userId: string,
): Promise<{ id: string; username: string; displayName: string }[]> {
  const unit = await db
    .selectFrom('users')
    .innerJoin('org_units', 'org_units.id', 'users.unit_id')
    .select('org_units.path')
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!unit) throw new AppError('ERR_NOT_FOUND', `user ${userId} not found`);
  const path = unit.path.split('/').filter((s) => s !== '');
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'role_grants.org_unit_id'])
    .where('role_grants.role', '=', 'unit_leader')
    .where('role_grants.org_unit_id', 'in', path)
    .where('users.id', '!=', userId)
    .execute();
  const securityHolders = new Set(
    (
      await db
        .selectFrom('role_grants')
        .select(['user_id', 'role'])
        .where('user_id', 'in', rows.length > 0 ? rows.map((r) => r.id) : [''])
        .execute()
    )
      .filter((g) => isSecurityRole(g.role as Role))
      .map((g) => g.user_id),
  );
  for (const unitId of [...path].reverse()) {
    const here = rows.filter((r) => r.org_unit_id === unitId && !securityHolders.has(r.id));
    if (here.length > 0)
      return here.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
  }
  return [];
}

/**
 * An admin reset never sets or shows a password. It issues a one-time code that only the user's unit
 * heads can reveal (once) and hand over; the code signs in for 72 hours, and only to choose a new
 * password. The old password stops working at once, the user's sessions end, and with `resetTotp` the
 * enrolled authenticator and recovery codes are removed too. Audited for the security auditor.
 */
export async function resetPassword(
  db: Kysely<Database>,
  secrets: SecretBox,
  userId: string,
  options: { resetTotp: boolean },
  who: Who,
  now: Date,
): Promise<PasswordResetIssued> {
  const heads = await unitHeads(db, userId);
  const object = `user:${userId}`;
  if (heads.length === 0) {
    await appendAudit(db, { ...who, action: 'users.resetPassword', object, outcome: 'failure' });
    throw new AppError('ERR_PASSWORD_RESET_NO_UNIT_HEAD');
  }
  const code = generatePassword();
  const passwordHash = await hashPassword(code);
  const resetId = randomUUID();
  const expiresAt = new Date(now.getTime() + RESET_CODE_TTL_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        must_change_password: 1,
        password_reset_at: now.toISOString(),
        password_reset_expires_at: expiresAt,
        ...(options.resetTotp ? { totp_secret: null, totp_pending: null } : {}),
      })
      .where('id', '=', userId)
      .execute();
    if (options.resetTotp)
      await trx.deleteFrom('totp_recovery_codes').where('user_id', '=', userId).execute();
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
        issued_by: who.actor ?? '',
        recipients: JSON.stringify(heads.map((h) => h.id)),
        code_box: secrets.seal(resetOwner(resetId), code),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        revealed_at: null,
        revealed_by: null,
        closed_at: null,
      })
      .execute();
    await appendAudit(trx, {
      ...who,
      action: options.resetTotp ? 'users.resetPasswordAndTotp' : 'users.resetPassword',
      object: `${object} via:${heads.map((h) => h.username).join(',')}`,
      outcome: 'success',
    });
  });
  return { deliveredTo: heads.map(({ username, displayName }) => ({ username, displayName })), expiresAt };
}
