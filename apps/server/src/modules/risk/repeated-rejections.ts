import type { RiskRuleConfig } from './risk-config.ts';
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
