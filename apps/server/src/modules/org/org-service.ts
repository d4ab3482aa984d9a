import { randomUUID } from 'node:crypto';
import type { CreateOrgUnitBody, OrgUnit, OrgUnitKind } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
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
  const row = await db.selectFrom('org_units').select('id').where('parent_id', 'is', null).executeTakeFirst();
  if (!row) throw new AppError('ERR_NOT_FOUND', 'the org tree has no root yet');
  return row.id;
}

/** Unit ids of `unitId` and everything below it. */
export async function subtreeIds(db: Kysely<Database>, unitId: string): Promise<string[]> {
  const unit = await db.selectFrom('org_units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError('ERR_NOT_FOUND', `org unit ${unitId} not found`);
  const rows = await db.selectFrom('org_units').select('id').where('path', 'like', `${unit.path}%`).execute();
  return rows.map((r) => r.id);
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
