import type { ApproverRule, FlowDefinition, FlowRequestFields } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { existingUserIds } from '../auth/accounts.ts';
import { unitPaths } from '../org/org-service.ts';
import { grantsOfRoles, securityRoleHolders } from '../users/user-reads.ts';

/**
 * Who holds which role where, and who stands in for whom: read once per request action so the
 * engine's resolver and delegation lookups stay synchronous and pure.
 */
export interface ApproverDirectory {
  resolve(rule: ApproverRule, fields: FlowRequestFields): string[];
  delegations(approverId: string, at: Date): string[];
}

/** The roles and named users a flow's rules mention: only those are read from the org. */
function mentioned(flow: FlowDefinition): { roles: string[]; users: string[] } {
  const rules = flow.stages.flatMap((stage) =>
    stage.steps.flatMap((s) => [...s.approvers, ...(s.escalateTo ?? [])]),
  );
  return {
    roles: [...new Set(rules.flatMap((r) => (r.kind === 'role' ? [r.role] : [])))],
    users: [...new Set(rules.flatMap((r) => (r.kind === 'user' ? [r.userId] : [])))],
  };
}

/**
 * Reads what `flow` needs to resolve its rules at `now`: the org paths, the grants of the roles it
 * names (not every member's), the named users that still exist, and the delegations in force.
 */
export async function loadApproverDirectory(
  db: Kysely<Database>,
  flow: FlowDefinition,
  now: Date,
): Promise<ApproverDirectory> {
  const { roles, users: named } = mentioned(flow);
  const pathOf = await unitPaths(db);
  const grants = await grantsOfRoles(db, roles);
  const known = await existingUserIds(db, named);
  const delegations = await db
    .selectFrom('delegations')
    .select(['from_user_id', 'to_user_id', 'starts_at', 'ends_at'])
    .where('ends_at', '>', now.toISOString())
    .execute();
  // 三员分立: a business role held beside a security role (found in the data) makes nobody an approver.
  const securityHolders = await securityRoleHolders(db);
  const holders = (role: string, unitId: string): string[] =>
    grants
      .filter((g) => g.role === role && g.orgUnitId === unitId && !securityHolders.has(g.userId))
      .map((g) => g.userId);

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
