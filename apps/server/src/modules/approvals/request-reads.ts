// What other domains read from approval requests: titles to name them, rejections for the risk rule,
// the request that made a seal, and the report's lead times. A leaf: it imports nothing from other
// modules, so risk and seals (which approvals calls) can read it without an import cycle.
import type { Kysely } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database } from '../../db/schema.ts';

/** The titles of the requests among `ids` that exist, by id. */
export async function requestTitles(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await inChunks(ids, (slice) =>
    db.selectFrom('approval_requests').select(['id', 'title']).where('id', 'in', slice).execute(),
  );
  return new Map(rows.map((r) => [r.id, r.title]));
}

/** Requests by `requesterId` rejected at or after `since`. */
export async function countRecentRejections(
  db: Kysely<Database>,
  requesterId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('approval_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('requester_id', '=', requesterId)
    .where('status', '=', 'rejected')
    .where('updated_at', '>=', since.toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The requests that made the seal (filed before it existed, so audited under request:<id>). */
export async function sealMakingRequestIds(db: Kysely<Database>, sealId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('approval_requests')
    .select('id')
    .where('seal_id', '=', sealId)
    .where('type', '=', 'seal.make')
    .execute();
  return rows.map((r) => r.id);
}

/** Requests of `unitIds` submitted in [start, end), with what a lead time is computed from. */
export async function requestsSubmitted(
  db: Kysely<Database>,
  range: { unitIds: readonly string[]; start: string; end: string },
): Promise<
  { type: string; status: string; createdAt: string; completedAt: string | null; updatedAt: string }[]
> {
  if (range.unitIds.length === 0) return [];
  return db
    .selectFrom('approval_requests')
    .where('created_at', '>=', range.start)
    .where('created_at', '<', range.end)
    .where('unit_id', 'in', [...range.unitIds])
    .select([
      'type',
      'status',
      'created_at as createdAt',
      'completed_at as completedAt',
      'updated_at as updatedAt',
    ])
    .execute();
}
