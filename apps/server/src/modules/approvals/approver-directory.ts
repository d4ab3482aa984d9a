import type { ApproverRule, FlowRequestFields } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Who holds which role where, and who stands in for whom: read once per request action so the
 * engine's resolver and delegation lookups stay synchronous and pure.
 */
export interface ApproverDirectory {
  resolve(rule: ApproverRule, fields: FlowRequestFields): string[];
  delegations(approverId: string, at: Date): string[];
}

export async function loadApproverDirectory(db: Kysely<Database>): Promise<ApproverDirectory> {
  const units = await db.selectFrom('org_units').select(['id', 'path']).execute();
  const grants = await db.selectFrom('role_grants').select(['user_id', 'role', 'org_unit_id']).execute();
  const users = await db.selectFrom('users').select('id').execute();
  const delegations = await db
    .selectFrom('delegations')
    .select(['from_user_id', 'to_user_id', 'starts_at', 'ends_at'])
    .execute();
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const known = new Set(users.map((u) => u.id));
  const holders = (role: string, unitId: string): string[] =>
    grants
      .filter((g) => g.role === role && g.org_unit_id === unitId && known.has(g.user_id))
      .map((g) => g.user_id);

  /** The unit and its ancestors, nearest first: an org path is the ids from the root ("/a/b/c/" → c, b, a). */
  const upwards = (unitId: string): string[] =>
    (pathOf.get(unitId) ?? '')
      .split('/')
      .filter((id) => id !== '' && pathOf.has(id))
      .reverse();

  return {
    resolve(rule, fields) {
      if (rule.kind === 'user') return known.has(rule.userId) ? [rule.userId] : [];
      const start =
        rule.at === 'requester-unit'
          ? fields.unitId
          : rule.at === 'seal-unit'
            ? fields.sealUnitId
            : rule.unitId;
      if (!start) return [];
      for (const unitId of rule.nearest ? upwards(start) : [start]) {
        const found = holders(rule.role, unitId);
        if (found.length > 0) return [...new Set(found)].sort();
      }
      return [];
    },
    delegations(approverId, at) {
      const t = at.toISOString();
      return delegations
        .filter((d) => d.from_user_id === approverId && d.starts_at <= t && t < d.ends_at)
        .map((d) => d.to_user_id);
    },
  };
}
