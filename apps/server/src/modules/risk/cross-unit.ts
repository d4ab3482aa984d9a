import type { RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/**
 * Whether a user of unit `userUnitPath` uses a seal owned outside their line: their unit is neither
 * the seal's owner unit nor below it. Org paths end with '/', so the prefix stops at a unit boundary
 * (as in seal-grant-policy.ts).
 */
export function isCrossUnit(userUnitPath: string, ownerUnitPath: string): boolean {
  const owner = ownerUnitPath.endsWith('/') ? ownerUnitPath : `${ownerUnitPath}/`;
  const user = userUnitPath.endsWith('/') ? userUnitPath : `${userUnitPath}/`;
  return !user.startsWith(owner);
}

export function crossUnitFinding(
  config: RiskRuleConfig<'cross-unit'>,
  user: { unitId: string; path: string },
  owner: { unitId: string; path: string },
): RiskFinding | null {
  if (!config.enabled || !isCrossUnit(user.path, owner.path)) return null;
  return {
    rule: 'cross-unit',
    action: config.action,
    severity: 'medium',
    details: { userUnitId: user.unitId, sealOwnerUnitId: owner.unitId },
  };
}
