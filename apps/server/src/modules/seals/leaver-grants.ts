import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Ends every seal grant held by `userId` in person (a person who left the directory): `until` becomes
 * now, so the grant stays in the record but no longer allows a use. Returns how many ended.
 */
export async function endSealGrantsOf(trx: Kysely<Database>, userId: string, now: Date): Promise<number> {
  const at = now.toISOString();
  const result = await trx
    .updateTable('seal_grants')
    .set({ until: at })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
