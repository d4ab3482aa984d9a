// The repeated-rejections rule over this domain's requests: risk holds the rule and its settings,
// approvals counts the rejections (risk sits below approvals and cannot read them).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { repeatedRejectionsFinding } from '../risk/repeated-rejections.ts';
import { loadRiskRule } from '../risk/risk-config.ts';
import type { RiskFinding } from '../risk/risk-finding.ts';
import { countRecentRejections } from './request-reads.ts';

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
