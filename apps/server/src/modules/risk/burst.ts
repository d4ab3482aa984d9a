import type { RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/** Earlier uses inside each window, not counting the one being checked. */
export interface RecentUses {
  byUser: number;
  bySeal: number;
}

/**
 * The window a use looks back over: (now - minutes, now]. A use exactly `minutes` ago is outside it.
 */
export function windowStart(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}

/**
 * Too many uses in a short time, by one user or of one seal. The current use counts: with a limit
 * of N, the N-th use inside the window fires.
 */
export function burstFindings(config: RiskRuleConfig<'burst'>, recent: RecentUses): RiskFinding[] {
  if (!config.enabled) return [];
  const out: RiskFinding[] = [];
  const { perUser, perSeal } = config.params;
  if (recent.byUser + 1 >= perUser.count) {
    out.push({
      rule: 'burst',
      action: config.action,
      severity: 'medium',
      details: { scope: 'user', uses: recent.byUser + 1, limit: perUser.count, minutes: perUser.minutes },
    });
  }
  if (recent.bySeal + 1 >= perSeal.count) {
    out.push({
      rule: 'burst',
      action: config.action,
      severity: 'medium',
      details: { scope: 'seal', uses: recent.bySeal + 1, limit: perSeal.count, minutes: perSeal.minutes },
    });
  }
  return out;
}
