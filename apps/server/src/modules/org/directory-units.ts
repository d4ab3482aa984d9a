import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { insertOrgUnit } from './org-service.ts';

/** A unit as directory sync compares it: the directory's code, when the unit came from the directory. */
export interface DirectoryUnitRow {
  id: string;
  code: string | null;
  parentId: string | null;
  nameZh: string;
  nameEn: string;
}

export async function listUnitsForDirectory(db: Kysely<Database>): Promise<DirectoryUnitRow[]> {
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'directory_code', 'parent_id', 'name_zh', 'name_en'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.directory_code,
    parentId: r.parent_id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
  }));
}

/** Inserts a directory unit under `parentId` inside the caller's transaction; returns its id. */
export async function insertDirectoryUnit(
  trx: Kysely<Database>,
  unit: { code: string; nameZh: string; nameEn: string; parentId: string },
  now: Date,
): Promise<string> {
  const { id } = await insertOrgUnit(
    trx,
    { parentId: unit.parentId, nameZh: unit.nameZh, nameEn: unit.nameEn, kind: 'unit' },
    now,
  );
  await trx.updateTable('org_units').set({ directory_code: unit.code }).where('id', '=', id).execute();
  return id;
}

/**
 * Moves a unit under another, rewriting the materialised path of the unit and its whole subtree
 * (scope checks read the path). The caller has checked the new parent is not inside the unit.
 */
export async function moveOrgUnit(trx: Kysely<Database>, id: string, parentId: string): Promise<void> {
  const [unit, parent] = await Promise.all([
    trx.selectFrom('org_units').select('path').where('id', '=', id).executeTakeFirstOrThrow(),
    trx.selectFrom('org_units').select('path').where('id', '=', parentId).executeTakeFirstOrThrow(),
  ]);
  const newPath = `${parent.path}${id}/`;
  const subtree = await trx
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('path', 'like', `${unit.path}%`)
    .execute();
  for (const row of subtree) {
    await trx
      .updateTable('org_units')
      .set({ path: newPath + row.path.slice(unit.path.length) })
      .where('id', '=', row.id)
      .execute();
  }
  await trx.updateTable('org_units').set({ parent_id: parentId }).where('id', '=', id).execute();
}
