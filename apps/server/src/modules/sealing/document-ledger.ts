// What the document ledger says about one sealed file, for the domains that show it: the seals on it,
// and a file stamped under a request.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The seals on the sealed file `sha256`, in the order they were applied (a seal once, however often). */
export async function sealIdsOnDocument(db: Kysely<Database>, sha256: string): Promise<string[]> {
  const rows = await db
    .selectFrom('sealed_documents')
    .select('seal_id')
    .where('sha256', '=', sha256)
    .orderBy('created_at')
    .execute();
  return [...new Set(rows.map((r) => r.seal_id))];
}

/** The SHA-256 of the file ledger row `ledgerId` records, when it was stamped under request `requestId`. */
export async function sealedFileOfRequest(
  db: Kysely<Database>,
  requestId: string,
  ledgerId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('sealed_documents')
    .select('sha256')
    .where('id', '=', ledgerId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row?.sha256;
}
