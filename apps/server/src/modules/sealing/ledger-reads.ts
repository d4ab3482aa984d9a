// What other domains read from the document ledger (sealed_documents, written only by the seal step):
// a request's sealed files, a seal's uses, recent uses for the burst rule, and the report figures.
// A leaf: it imports nothing from other modules, so a domain the seal step calls can read it too.
import { type Kysely, sql } from 'kysely';
import { pastCursor } from '../../db/keyset.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Whether this exact file was sealed here: a ledger row has its SHA-256 and, where the row records
 * one, its SM3 too, so a file would have to collide in both digests to pass for another.
 */
export async function isIssuedDocument(
  db: Kysely<Database>,
  digests: { sha256: string; sm3: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('sealed_documents')
    .select('id')
    .where('sha256', '=', digests.sha256)
    .where((eb) => eb.or([eb('sm3', '=', digests.sm3), eb('sm3', 'is', null)]))
    .executeTakeFirst();
  return row !== undefined;
}

/** The files sealed under one request, in the order they were sealed. */
export async function sealedFilesOfRequest(db: Kysely<Database>, requestId: string) {
  return db
    .selectFrom('sealed_documents')
    .select(['id', 'sha256', 'sm3', 'user_id', 'actor', 'created_at'])
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Every use of one seal, oldest first: the ledger half of its trajectory. */
export async function usesOfSeal(db: Kysely<Database>, sealId: string) {
  return db
    .selectFrom('sealed_documents')
    .select(['created_at', 'actor', 'sha256', 'purpose', 'document_type'])
    .where('seal_id', '=', sealId)
    .orderBy('created_at')
    .execute();
}

/**
 * Ledger rows of one user or seal in (since, now], other than credentials, counted up to `cap` (the
 * burst rule only needs to know whether its limit is reached, so a busy seal's history is not counted
 * in full).
 */
export async function countRecentUses(
  db: Kysely<Database>,
  column: 'user_id' | 'seal_id',
  value: string,
  since: string,
  now: Date,
  cap: number,
): Promise<number> {
  const window = db
    .selectFrom('sealed_documents')
    // Read from the (user_id|seal_id, created_at, purpose) index alone (migration 0025).
    .select(sql.lit(1).as('one'))
    .where(column, '=', value)
    // Credentials are issued by the registrar's batches and the portal, thousands in minutes, under
    // their own quotas: they are not a person stamping in a hurry.
    .where('purpose', 'not like', 'credential:%')
    .where('created_at', '>', since)
    .where('created_at', '<=', now.toISOString())
    .limit(cap);
  const { uses } = await db
    .selectFrom(window.as('w'))
    .select((eb) => eb.fn.countAll().as('uses'))
    .executeTakeFirstOrThrow();
  return Number(uses);
}

/** A report's window over the ledger: documents sealed by `sealIds` in [start, end). */
export interface LedgerRange {
  sealIds: readonly string[];
  start: string;
  end: string;
}

/** The (seal_id, created_at) index bounds each seal's part of the range. */
function inRange(db: Kysely<Database>, r: LedgerRange) {
  return db
    .selectFrom('sealed_documents')
    .where('seal_id', 'in', [...r.sealIds])
    .where('created_at', '>=', r.start)
    .where('created_at', '<', r.end);
}

/** Documents of the range counted per seal and document type. */
export async function ledgerCounts(
  db: Kysely<Database>,
  r: LedgerRange,
): Promise<{ sealId: string; documentType: string | null; count: number }[]> {
  if (r.sealIds.length === 0) return [];
  const rows = await inRange(db, r)
    .select((eb) => ['seal_id', 'document_type', eb.fn.countAll<number | string>().as('n')])
    .groupBy(['seal_id', 'document_type'])
    .execute();
  return rows.map((g) => ({ sealId: g.seal_id, documentType: g.document_type, count: Number(g.n) }));
}

/** When each document of the range was sealed (one column, for bucketing by local day). */
export async function ledgerTimes(db: Kysely<Database>, r: LedgerRange): Promise<string[]> {
  if (r.sealIds.length === 0) return [];
  const rows = await inRange(db, r).select('created_at').execute();
  return rows.map((row) => row.created_at);
}

/** The range's ledger rows oldest first, at most `limit`. */
export async function ledgerRows(db: Kysely<Database>, r: LedgerRange, limit: number) {
  if (r.sealIds.length === 0) return [];
  return inRange(db, r)
    .select(['created_at', 'seal_id', 'document_type', 'actor', 'user_id', 'purpose', 'sha256', 'request_id'])
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The ledger rows one account wrote, oldest first, after the row `after` names (its created_at and
 * id, as returned by the previous page), at most `limit` (the service API's own ledger).
 */
export async function ledgerRowsOfUser(
  db: Kysely<Database>,
  userId: string,
  after: { createdAt: string; id: string } | null,
  limit: number,
) {
  let q = db
    .selectFrom('sealed_documents')
    .select(['id', 'seal_id', 'sha256', 'document_type', 'purpose', 'created_at'])
    .where('user_id', '=', userId);
  if (after) {
    q = q.where(pastCursor('created_at', 'id', { time: after.createdAt, id: after.id }));
  }
  return q.orderBy('created_at').orderBy('id').limit(limit).execute();
}
