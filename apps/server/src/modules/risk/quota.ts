import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { grantUses } from '../seals/seal-reads.ts';
import { loadRiskRule, type RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/**
 * What happened to a grant's quota: a use was refused because it is used up, or a use was counted
 * and left `usesAfter` of `maxUses` taken.
 */
export type QuotaEvent = { kind: 'refused' } | { kind: 'counted'; usesAfter: number; maxUses: number | null };

/**
 * An attempt past the quota is an alert; a use that takes the grant's last one (uses + 1 = max
 * before it, uses = max after it) is a warning, so the seal admin can renew the grant in time.
 */
export function quotaFinding(config: RiskRuleConfig<'quota'>, event: QuotaEvent): RiskFinding | null {
  if (!config.enabled) return null;
  if (event.kind === 'refused') {
    return {
      rule: 'quota',
      action: config.action,
      severity: 'medium',
      details: { event: 'exceeded-attempt' },
    };
  }
  if (!config.params.warnLastUse || event.maxUses === null || event.usesAfter !== event.maxUses) return null;
  return {
    rule: 'quota',
    action: 'alert',
    severity: 'low',
    details: { event: 'last-use', maxUses: event.maxUses },
  };
}

/**
 * The quota rule for one use. Call with 'refused' when useSeal refuses ERR_SEAL_QUOTA_EXHAUSTED (the
 * grant is not known then), or with 'counted' inside the use's transaction right after the grant's
 * `uses` was incremented.
 */
export async function evaluateQuotaRisk(
  db: Kysely<Database>,
  use: { outcome: 'refused'; grantId?: string } | { outcome: 'counted'; grantId: string },
): Promise<RiskFinding[]> {
  const config = await loadRiskRule(db, 'quota');
  if (!config.enabled) return [];
  let event: QuotaEvent = { kind: 'refused' };
  if (use.outcome === 'counted') {
    const grant = await grantUses(db, use.grantId);
    if (!grant) return [];
    event = { kind: 'counted', usesAfter: grant.uses, maxUses: grant.maxUses };
  }
  const finding = quotaFinding(config, event);
  if (!finding) return [];
  return [use.grantId ? { ...finding, details: { ...finding.details, grantId: use.grantId } } : finding];
}
