import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { countRecentRejections } from '../approvals/request-reads.ts';
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
