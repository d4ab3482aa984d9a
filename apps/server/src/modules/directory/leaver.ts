import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { endDelegationsOf, flagOpenRequestsOf } from '../approvals/leaver-requests.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { disableDirectoryAccount } from '../auth/directory-accounts.ts';
import { endSealGrantsOf } from '../seals/leaver-grants.ts';

/**
 * One leaver outside a sync (WeChat Work or DingTalk said they left): the same steps a sync takes for
 * each disabled person — the account disabled (directory-managed ones only), seal grants and
 * delegations ended, open requests flagged — in one transaction with its audit entry.
 */
export async function disableLeaver(
  db: Kysely<Database>,
  userId: string,
  who: { actor: string; requestId: string },
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await disableDirectoryAccount(trx, userId, now);
    const grants = await endSealGrantsOf(trx, userId, now);
    const delegations = await endDelegationsOf(trx, userId, now);
    const flagged = await flagOpenRequestsOf(trx, userId);
    await appendAudit(trx, {
      ...who,
      action: 'directory.person.disable',
      object: `user:${userId} grants:${grants} delegations:${delegations} flagged:${flagged.length}`,
      outcome: 'success',
    });
  });
}
