import {
  type FlowDefinition,
  type FlowView,
  type PutFlowBody,
  REQUEST_TYPES,
  type RequestType,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { type AuditEvent, appendAudit } from '../audit/audit-log.ts';
import { existingUserIds } from '../auth/accounts.ts';
import { unitPaths } from '../org/org-service.ts';
import { DEFAULT_FLOWS } from './default-flows.ts';
import { validateFlow } from './flow-definition.ts';

/** The flow a new request of `type` follows: the configured one, or the built-in default. */
export async function flowFor(db: Kysely<Database>, type: RequestType): Promise<FlowDefinition> {
  const row = await db
    .selectFrom('approval_flows')
    .select('definition')
    .where('request_type', '=', type)
    .executeTakeFirst();
  return row ? (JSON.parse(row.definition) as FlowDefinition) : DEFAULT_FLOWS[type].definition;
}

export async function listFlows(db: Kysely<Database>): Promise<FlowView[]> {
  const rows = await db.selectFrom('approval_flows').selectAll().execute();
  return REQUEST_TYPES.map((type) => {
    const row = rows.find((r) => r.request_type === type);
    return row
      ? {
          requestType: type,
          name: row.name,
          definition: JSON.parse(row.definition),
          customised: true,
          updatedAt: row.updated_at,
        }
      : { requestType: type, ...DEFAULT_FLOWS[type], customised: false, updatedAt: null };
  });
}

/** Saves a request type's flow; requests already submitted keep the flow they started with. */
export async function putFlow(
  db: Kysely<Database>,
  type: RequestType,
  body: PutFlowBody,
  who: Omit<AuditEvent, 'action' | 'object' | 'outcome'> & { actor: string },
  now: Date,
): Promise<FlowView> {
  const problems = validateFlow(body.definition);
  // Named users and units must exist: a flow naming nobody would refuse every request later.
  const rules = body.definition.stages.flatMap((stage, si) =>
    stage.steps.flatMap((step, i) =>
      [...step.approvers, ...(step.escalateTo ?? [])].map((rule) => ({
        rule,
        at: `/stages/${si}/steps/${i}`,
      })),
    ),
  );
  const userIds = rules.flatMap(({ rule }) => (rule.kind === 'user' ? [rule.userId] : []));
  const unitIds = rules.flatMap(({ rule }) => (rule.kind === 'role' && rule.unitId ? [rule.unitId] : []));
  const users = await existingUserIds(db, userIds);
  const units = await unitPaths(db, unitIds);
  for (const { rule, at } of rules) {
    if (rule.kind === 'user' && !users.has(rule.userId))
      problems.push(`${at}: user ${rule.userId} does not exist`);
    if (rule.kind === 'role' && rule.unitId && !units.has(rule.unitId))
      problems.push(`${at}: unit ${rule.unitId} does not exist`);
  }
  if (problems.length > 0) throw new AppError('ERR_FLOW_INVALID', 'the flow is not valid', problems);
  const row = {
    request_type: type,
    name: body.name,
    definition: JSON.stringify(body.definition),
    updated_by: who.actor,
    updated_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('approval_flows').where('request_type', '=', type).execute();
    await trx.insertInto('approval_flows').values(row).execute();
    await appendAudit(
      trx,
      { ...who, action: 'flow.update', object: `flow:${type}`, outcome: 'success' },
      { clock: () => now },
    );
  });
  return {
    requestType: type,
    name: body.name,
    definition: body.definition,
    customised: true,
    updatedAt: row.updated_at,
  };
}
