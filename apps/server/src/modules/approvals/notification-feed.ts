// What the messages module reads of the approval notices: each notice written by a transition, in the
// order written, with the facts a message names (the request's title and type, never its file). A leaf
// like request-reads.ts: it imports nothing from other modules.
import type { Kysely } from 'kysely';
import { pastCursor } from '../../db/keyset.ts';
import type { Database } from '../../db/schema.ts';

export interface NoticeForMessages {
  id: string;
  userId: string;
  requestId: string;
  /** The flow engine's NotifyReason: pending, reminder, overdue, escalated, approved, rejected, returned, withdrawn. */
  reason: string;
  createdAt: string;
  requestTitle: string;
  requestType: string;
  requesterId: string;
}

/** Notices written after (`at`, `id`), in (created_at, id) order, at most `limit`. */
export async function noticesAfter(
  db: Kysely<Database>,
  after: { at: string; id: string },
  limit: number,
): Promise<NoticeForMessages[]> {
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('approval_requests as r', 'r.id', 'n.request_id')
    .select([
      'n.id',
      'n.user_id',
      'n.request_id',
      'n.reason',
      'n.created_at',
      'r.title',
      'r.type',
      'r.requester_id',
    ])
    .where(pastCursor('n.created_at', 'n.id', { time: after.at, id: after.id }))
    .orderBy('n.created_at')
    .orderBy('n.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    requestId: r.request_id,
    reason: r.reason,
    createdAt: r.created_at,
    requestTitle: r.title,
    requestType: r.type,
    requesterId: r.requester_id,
  }));
}

/** The unit a request was made in, or undefined when there is no such request. */
export async function requestUnitId(db: Kysely<Database>, requestId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('approval_requests')
    .select('unit_id')
    .where('id', '=', requestId)
    .executeTakeFirst();
  return row?.unit_id;
}
