import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { loadRiskRule, type RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/** The file presented for stamping is not the one approved (SHA-256 hex of each). */
export function fileMismatchFinding(
  config: RiskRuleConfig<'file-mismatch'>,
  approvedSha256: string,
  stampingSha256: string,
): RiskFinding | null {
  if (!config.enabled || approvedSha256.toLowerCase() === stampingSha256.toLowerCase()) return null;
  return {
    rule: 'file-mismatch',
    action: config.action,
    severity: 'high',
    details: { approvedSha256, stampingSha256 },
  };
}

/** The rule with its stored settings, for the seal-use request flow at stamping. */
export async function evaluateFileMismatch(
  db: Kysely<Database>,
  approvedSha256: string,
  stampingSha256: string,
): Promise<RiskFinding[]> {
  const finding = fileMismatchFinding(
    await loadRiskRule(db, 'file-mismatch'),
    approvedSha256,
    stampingSha256,
  );
  return finding ? [finding] : [];
}
