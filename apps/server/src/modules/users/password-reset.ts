import type { PasswordResetIssued } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { accountsByIds, findAccount } from '../auth/accounts.ts';
import { newResetCode, recordPasswordReset } from '../auth/password-reset-issue.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { unitPath } from '../org/org-service.ts';
import { securityRoleHolders } from './user-reads.ts';
import type { Who } from './users-service.ts';

/**
 * The unit heads who hand a reset code over: holders of unit_leader at the user's unit, else at the
 * nearest unit above that has one. Never the user, never a holder of a security role.
 */
async function unitHeads(
  db: Kysely<Database>,
  userId: string,
): Promise<{ id: string; username: string; displayName: string }[]> {
  const account = await findAccount(db, userId);
  if (!account) throw new AppError('ERR_NOT_FOUND', `user ${userId} not found`);
  const path = await unitPath(db, account.unitId);
  const grants = await db
    .selectFrom('role_grants')
    .select(['user_id', 'org_unit_id'])
    .where('role', '=', 'unit_leader')
    .where('org_unit_id', 'in', path)
    .where('user_id', '!=', userId)
    .execute();
  const [accounts, securityHolders] = await Promise.all([
    accountsByIds(
      db,
      grants.map((g) => g.user_id),
    ),
    securityRoleHolders(
      db,
      grants.map((g) => g.user_id),
    ),
  ]);
  const rows = grants.flatMap((g) => {
    const head = accounts.get(g.user_id);
    return head
      ? [{ id: head.id, username: head.username, display_name: head.displayName, org_unit_id: g.org_unit_id }]
      : [];
  });
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
  const code = await newResetCode();
  const { expiresAt } = await db.transaction().execute(async (trx) => {
    const issued = await recordPasswordReset(trx, secrets, code, {
      userId,
      issuedBy: who.actor ?? '',
      recipientIds: heads.map((h) => h.id),
      resetTotp: options.resetTotp,
      now,
    });
    await appendAudit(trx, {
      ...who,
      action: options.resetTotp ? 'users.resetPasswordAndTotp' : 'users.resetPassword',
      object: `${object} via:${heads.map((h) => h.username).join(',')}`,
      outcome: 'success',
    });
    return issued;
  });
  return { deliveredTo: heads.map(({ username, displayName }) => ({ username, displayName })), expiresAt };
}
