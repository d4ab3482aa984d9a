import { randomUUID } from 'node:crypto';
import type { CreateOrgUnitBody, OrgUnit, OrgUnitKind } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database, OrgUnitTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';

function unitFromRow(row: Selectable<OrgUnitTable>): OrgUnit {
  return { id: row.id, parentId: row.parent_id, nameZh: row.name_zh, nameEn: row.name_en, kind: row.kind };
}

export async function listOrgUnits(db: Kysely<Database>): Promise<OrgUnit[]> {
  const rows = await db.selectFrom('org_units').selectAll().orderBy('path').execute();
  return rows.map(unitFromRow);
}

/** The school: the one unit without a parent. */
export async function rootUnitId(db: Kysely<Database>): Promise<string> {
  return (await rootUnit(db)).id;
}

/** Unit ids of `unitId` and everything below it. */
export async function subtreeIds(db: Kysely<Database>, unitId: string): Promise<string[]> {
  return [...(await subtreePaths(db, unitId)).keys()];
}

/** A unit with its org path ("/root/…/unit/"), or undefined when there is none with that id. */
export async function findOrgUnit(
  db: Kysely<Database>,
  id: string,
): Promise<(OrgUnit & { path: string }) | undefined> {
  const row = await db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...unitFromRow(row), path: row.path } : undefined;
}

/** The org paths of the units among `ids` that exist (all units when `ids` is absent), by id. */
export async function unitPaths(db: Kysely<Database>, ids?: readonly string[]): Promise<Map<string, string>> {
  if (ids?.length === 0) return new Map();
  let query = db.selectFrom('org_units').select(['id', 'path']);
  if (ids) query = query.where('id', 'in', [...new Set(ids)]);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The org path of one unit, root first, as authorize() reads it; ERR_NOT_FOUND for an unknown unit. */
export async function unitPath(db: Kysely<Database>, id: string): Promise<string[]> {
  const path = (await unitPaths(db, [id])).get(id);
  if (path === undefined) throw new AppError('ERR_NOT_FOUND', `org unit ${id} not found`);
  return path.split('/').filter((s) => s !== '');
}

/** The zh/en names of the units among `ids` that exist, by id. */
export async function unitNames(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, { nameZh: string; nameEn: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await inChunks(ids, (slice) =>
    db.selectFrom('org_units').select(['id', 'name_zh', 'name_en']).where('id', 'in', slice).execute(),
  );
  return new Map(rows.map((r) => [r.id, { nameZh: r.name_zh, nameEn: r.name_en }]));
}

/** `unitId` and every unit below it, each with its org path; ERR_NOT_FOUND for an unknown unit. */
export async function subtreePaths(db: Kysely<Database>, unitId: string): Promise<Map<string, string>> {
  const unit = await db.selectFrom('org_units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError('ERR_NOT_FOUND', `org unit ${unitId} not found`);
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('path', 'like', `${unit.path}%`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** The root unit (the school) with its names; ERR_NOT_FOUND before the org tree exists. */
export async function rootUnit(db: Kysely<Database>): Promise<OrgUnit> {
  const row = await db.selectFrom('org_units').selectAll().where('parent_id', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', 'the org tree has no root yet');
  return unitFromRow(row);
}

/** Renames a unit inside the caller's transaction (no audit: the caller writes it). */
export async function renameOrgUnit(
  trx: Kysely<Database>,
  id: string,
  names: { nameZh: string; nameEn: string },
): Promise<void> {
  await trx
    .updateTable('org_units')
    .set({ name_zh: names.nameZh, name_en: names.nameEn })
    .where('id', '=', id)
    .execute();
}

export interface NewOrgUnit {
  parentId: string | null;
  nameZh: string;
  nameEn: string;
  kind: OrgUnitKind;
}

/** Inserts a unit inside the caller's transaction (no audit: the caller writes it). */
export async function insertOrgUnit(trx: Kysely<Database>, unit: NewOrgUnit, now: Date): Promise<OrgUnit> {
  let parentPath = '/';
  if (unit.parentId !== null) {
    const parent = await trx
      .selectFrom('org_units')
      .select('path')
      .where('id', '=', unit.parentId)
      .executeTakeFirst();
    if (!parent) throw new AppError('ERR_NOT_FOUND', `parent org unit ${unit.parentId} not found`);
    parentPath = parent.path;
  }
  const id = randomUUID();
  const row = {
    id,
    parent_id: unit.parentId,
    path: `${parentPath}${id}/`,
    name_zh: unit.nameZh,
    name_en: unit.nameEn,
    kind: unit.kind,
    created_at: now.toISOString(),
    directory_code: null,
  };
  await trx.insertInto('org_units').values(row).execute();
  return unitFromRow(row);
}

export async function createOrgUnit(
  db: Kysely<Database>,
  body: CreateOrgUnitBody,
  who: Omit<AuditEvent, 'action' | 'object' | 'outcome'>,
  now: Date,
): Promise<OrgUnit> {
  return db.transaction().execute(async (trx) => {
    const unit = await insertOrgUnit(trx, body, now);
    await appendAudit(trx, {
      ...who,
      action: 'org.create',
      object: `org_unit:${unit.id}`,
      outcome: 'success',
    });
    return unit;
  });
}
