import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { insertSession } from './auth-service.ts';

/**
 * A session of `userId` that reaches one contract only, for a phone the account's own signed-in
 * computer handed the signature to (contracts' QR code). Refused for a disabled account; audited.
 */
export async function openContractSession(
  trx: Kysely<Database>,
  grant: { userId: string; contractId: string; ttlMs: number; requestId: string },
  now: Date,
): Promise<{ token: string; csrfToken: string }> {
  const user = await trx
    .selectFrom('users')
    .select(['username', 'disabled_at'])
    .where('id', '=', grant.userId)
    .executeTakeFirstOrThrow();
  if (user.disabled_at !== null) throw new AppError('ERR_HANDOFF_INVALID', 'the account is disabled');
  const session = await insertSession(trx, grant.userId, now, {
    contractId: grant.contractId,
    ttlMs: grant.ttlMs,
  });
  await appendAudit(trx, {
    actor: user.username,
    action: 'auth.handoff',
    object: `contract:${grant.contractId}`,
    outcome: 'success',
    requestId: grant.requestId,
  });
  return session;
}
