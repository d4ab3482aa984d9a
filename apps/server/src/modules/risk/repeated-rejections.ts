import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadRiskRule, type RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/** K or more of one requester's requests rejected within the last D days. */
export function repeatedRejectionsFinding(
  config: RiskRuleConfig<'repeated-rejections'>,
  rejected: number,
): RiskFinding | null {
  if (!config.enabled || rejected < config.params.count) return null;
  return {
    rule: 'repeated-rejections',
    action: config.action,
    severity: 'medium',
    details: { rejected, limit: config.params.count, days: config.params.days },
  };
}

/** Requests by `requesterId` rejected at or after `since`. */
export async function countRecentRejections(
  db: Kysely<Database>,
  requesterId: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('approval_requests')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('requester_id', '=', requesterId)
    .where('status', '=', 'rejected')
    .where('updated_at', '>=', since.toISOString())
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The rule for one requester, e.g. right after one of their requests is rejected. */
export async function evaluateRejectionRisk(
  db: Kysely<Database>,
  requesterId: string,
  now: Date,
): Promise<RiskFinding[]> {
  const config = await loadRiskRule(db, 'repeated-rejections');
  if (!config.enabled) return [];
  const since = new Date(now.getTime() - config.params.days * 86_400_000);
  const finding = repeatedRejectionsFinding(config, await countRecentRejections(db, requesterId, since));
  return finding ? [finding] : [];
}
