// What other domains read about org units in one query each: the units under some org paths (a
// caller's scope), and which units among some ids are of a kind. A leaf: it imports no other module.
import type { OrgUnitKind } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The ids of the units at or below any of `paths` (org paths end with '/', so a prefix stops at a unit). */
export async function unitIdsUnder(db: Kysely<Database>, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('org_units')
    .select('id')
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .execute();
  return rows.map((r) => r.id);
}

/** Whether any of the units among `ids` is of `kind`. */
export async function anyUnitOfKind(
  db: Kysely<Database>,
  ids: readonly string[],
  kind: OrgUnitKind,
): Promise<boolean> {
  if (ids.length === 0) return false;
  const row = await db
    .selectFrom('org_units')
    .select('id')
    .where('id', 'in', [...ids])
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row !== undefined;
}
