import { randomUUID } from 'node:crypto';
import type { DocumentType, Grantee, GrantSealUseBody, SealGrant, UsableSeal } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SealGrantTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { accountsInUnits, displayNames, existingUserIds } from '../auth/accounts.ts';
import { findOrgUnit, subtreeIds, unitPaths } from '../org/org-service.ts';
import { loadGrants } from '../users/user-reads.ts';
import { type GrantRule, type Holder, usableTypes } from './seal-grant-policy.ts';
import { PUBLIC_COLUMNS, sealFromRow } from './seal-rows.ts';
import { auditWho, type SealActor, type SealsContext } from './seals-context.ts';

function grantFromRow(row: Selectable<SealGrantTable>, userName: string | null = null): SealGrant {
  return {
    id: row.id,
    sealId: row.seal_id,
    userId: row.user_id,
    userName,
    role: row.role,
    unitId: row.unit_id,
    documentTypes: JSON.parse(row.document_types) as DocumentType[],
    until: row.until,
    maxUses: row.max_uses,
    uses: Number(row.uses),
    createdAt: row.created_at,
  };
}

/**
 * Lets one user, or every holder of a role at a unit and below, stamp with the seal, for the named
 * document types (none: any) until `until` (absent: until withdrawn). Replaces an earlier grant to
 * the same user or role/unit. The grant and its audit entry commit together.
 */
export async function grantSealUse(
  ctx: SealsContext,
  sealId: string,
  body: GrantSealUseBody,
  who: SealActor,
): Promise<SealGrant> {
  return ctx.db.transaction().execute(async (trx) => {
    const userName: string | null = null;
    let replace = trx.deleteFrom('seal_grants').where('seal_id', '=', sealId);
    if ('userId' in body) {
      if (!(await existingUserIds(trx, [body.userId])).has(body.userId))
        throw new AppError('ERR_NOT_FOUND', `user ${body.userId} not found`);
      replace = replace.where('user_id', '=', body.userId);
    } else {
      if (!(await findOrgUnit(trx, body.unitId)))
        throw new AppError('ERR_NOT_FOUND', `org unit ${body.unitId} not found`);
      replace = replace.where('role', '=', body.role).where('unit_id', '=', body.unitId);
    }
    await replace.execute();
    const row = {
      id: randomUUID(),
      seal_id: sealId,
      user_id: 'userId' in body ? body.userId : null,
      role: 'role' in body ? body.role : null,
      unit_id: 'unitId' in body ? body.unitId : null,
      document_types: JSON.stringify([...(body.documentTypes ?? [])].sort()),
      until: body.until ? new Date(body.until).toISOString() : null,
      max_uses: body.maxUses ?? null,
      uses: 0,
      created_at: ctx.clock().toISOString(),
    };
    await trx.insertInto('seal_grants').values(row).execute();
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.grant', object: `seal:${sealId}`, outcome: 'success' },
      { clock: ctx.clock },
    );
    return grantFromRow(row, userName);
  });
}

export async function listSealGrants(db: Kysely<Database>, sealId: string): Promise<SealGrant[]> {
  const rows = await db
    .selectFrom('seal_grants')
    .selectAll()
    .where('seal_id', '=', sealId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const names = await displayNames(
    db,
    rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])),
  );
  return rows.map((row) => grantFromRow(row, row.user_id === null ? null : (names.get(row.user_id) ?? null)));
}

/** The users of `unitId` and its sub-units, for choosing whom to grant a seal to. */
export async function listGrantees(db: Kysely<Database>, unitId: string): Promise<Grantee[]> {
  const accounts = await accountsInUnits(db, await subtreeIds(db, unitId));
  return accounts.map(({ id, username, displayName, unitId }) => ({ id, username, displayName, unitId }));
}

/** Withdraws one grant with its audit entry; ERR_NOT_FOUND when the seal has no such grant. */
export async function withdrawSealGrant(
  ctx: SealsContext,
  sealId: string,
  grantId: string,
  who: SealActor,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('seal_grants')
      .where('id', '=', grantId)
      .where('seal_id', '=', sealId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) !== 1)
      throw new AppError('ERR_NOT_FOUND', `grant ${grantId} not found`);
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'seal.withdrawGrant', object: `seal:${sealId}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
}

/** What the grant policy reads: the seals' grants and the user's roles, each with its unit's org path. */
export interface GrantPolicyInputs {
  rules: (GrantRule & { sealId: string })[];
  holder: Holder;
}

/**
 * The grants of `sealIds` and what `userId` holds, as the policy reads them: the seal grants and the
 * user's role grants side by side, then the org paths of all their units in one read.
 */
export async function loadGrantPolicyInputs(
  db: Kysely<Database>,
  sealIds: readonly string[],
  userId: string,
): Promise<GrantPolicyInputs> {
  const [rows, grants] = await Promise.all([
    sealIds.length === 0
      ? []
      : db
          .selectFrom('seal_grants')
          .select([
            'id',
            'seal_id',
            'user_id',
            'role',
            'unit_id',
            'document_types',
            'until',
            'max_uses',
            'uses',
          ])
          .where('seal_id', 'in', sealIds)
          .execute(),
    loadGrants(db, userId),
  ]);
  const paths = await unitPaths(db, [
    ...rows.flatMap((r) => (r.unit_id === null ? [] : [r.unit_id])),
    ...grants.map((g) => g.orgUnitId),
  ]);
  const rules = rows.map((r) => ({
    id: r.id,
    sealId: r.seal_id,
    userId: r.user_id,
    role: r.role,
    unitPath: r.unit_id === null ? null : (paths.get(r.unit_id) ?? null),
    documentTypes: JSON.parse(r.document_types) as DocumentType[],
    until: r.until,
    maxUses: r.max_uses,
    uses: Number(r.uses),
  }));
  // A role grant at a unit that no longer exists covers nothing.
  const roles = grants.flatMap((g) => {
    const unitPath = paths.get(g.orgUnitId);
    return unitPath === undefined ? [] : [{ role: g.role, unitPath }];
  });
  return { rules, holder: { userId, roles } };
}

/** Active electronic seals the user may stamp with now, with the document types each covers (empty: any). */
export async function usableSeals(db: Kysely<Database>, userId: string, now: Date): Promise<UsableSeal[]> {
  const seals = await db
    .selectFrom('seals')
    .select(PUBLIC_COLUMNS)
    .where('status', '=', 'active')
    .where('key_store', 'is not', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const { rules, holder } = await loadGrantPolicyInputs(
    db,
    seals.map((s) => s.id),
    userId,
  );
  const usable: UsableSeal[] = [];
  for (const seal of seals) {
    const types = usableTypes(
      rules.filter((r) => r.sealId === seal.id),
      holder,
      now,
    );
    if (types !== null) usable.push({ seal: sealFromRow(seal), documentTypes: types });
  }
  return usable;
}
