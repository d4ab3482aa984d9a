import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The open requests a sync flagged, newest first. */
export async function listFlaggedOpenRequests(db: Kysely<Database>): Promise<
  {
    id: string;
    title: string;
    flag: 'requester_left' | 'approver_left';
    requesterId: string;
    updatedAt: string;
  }[]
> {
  const rows = await db
    .selectFrom('approval_requests')
    .select(['id', 'title', 'flag', 'requester_id', 'updated_at'])
    .where('flag', 'is not', null)
    .where('status', 'in', ['pending', 'returned'])
    .orderBy('updated_at', 'desc')
    .limit(500)
    .execute();
  return rows.flatMap((r) =>
    r.flag === null
      ? []
      : [{ id: r.id, title: r.title, flag: r.flag, requesterId: r.requester_id, updatedAt: r.updated_at }],
  );
}

/** Ends the delegations to or from a person who left the directory. Returns how many ended. */
export async function endDelegationsOf(trx: Kysely<Database>, userId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await trx
    .updateTable('delegations')
    .set({ ends_at: at })
    .where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId)]))
    .where('ends_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Flags the open requests a leaver submitted or is waiting to decide, so the console lists them for
 * follow-up. Flagged rather than reassigned: who should take a leaver's approval is a decision of the
 * unit, not something a sync can infer. Returns the flagged request ids.
 */
export async function flagOpenRequestsOf(trx: Kysely<Database>, userId: string): Promise<string[]> {
  const open = ['pending', 'returned'] as const;
  const asRequester = await trx
    .selectFrom('approval_requests')
    .select('id')
    .where('requester_id', '=', userId)
    .where('status', 'in', open)
    .execute();
  const asApprover = await trx
    .selectFrom('approval_inbox')
    .innerJoin('approval_requests', 'approval_requests.id', 'approval_inbox.request_id')
    .select('approval_requests.id')
    .where('approval_inbox.user_id', '=', userId)
    .where('approval_requests.status', 'in', open)
    .execute();
  const requesterIds = asRequester.map((r) => r.id);
  const approverIds = asApprover.map((r) => r.id).filter((id) => !requesterIds.includes(id));
  if (requesterIds.length > 0)
    await trx
      .updateTable('approval_requests')
      .set({ flag: 'requester_left' })
      .where('id', 'in', requesterIds)
      .execute();
  if (approverIds.length > 0)
    await trx
      .updateTable('approval_requests')
      .set({ flag: 'approver_left' })
      .where('id', 'in', approverIds)
      .execute();
  return [...requesterIds, ...approverIds];
}
