import type { RiskAction, RiskRuleId, RiskSeverity } from '@openseal/contract';
import { AppError } from '../../errors.ts';

/** One firing of a rule, before it is recorded as an alert. */
export interface RiskFinding {
  rule: RiskRuleId;
  /** The rule's configured action: 'block' findings refuse the action (riskBlocks). */
  action: RiskAction;
  severity: RiskSeverity;
  /** What the rule saw, kept on the alert as JSON. */
  details: Record<string, unknown>;
  /** Raise at most one alert per (rule, key), e.g. per seal certificate; a repeat records nothing. */
  dedupeKey?: string;
}

/** The findings whose rule is set to block the action. */
export function riskBlocks(findings: readonly RiskFinding[]): RiskFinding[] {
  return findings.filter((f) => f.action === 'block');
}

/** The refusal for blocking findings: ERR_RISK_BLOCKED, naming the rules in its details. */
export function riskBlockedError(blocking: readonly RiskFinding[]): AppError {
  const rules = [...new Set(blocking.map((f) => f.rule))];
  return new AppError('ERR_RISK_BLOCKED', `blocked by risk rules: ${rules.join(', ')}`, rules);
}
