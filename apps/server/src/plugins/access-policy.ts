import { type Permission, ROLE_PERMISSIONS, type Role, SECURITY_ROLES } from '@openseal/contract';

// Who may do what (pure: no I/O). A grant is a role at an org unit and covers that unit's whole
// subtree (分级分权). The role → permission table lives in packages/contract, shared with the console.

export interface Grant {
  role: Role;
  orgUnitId: string;
}

export type Decision =
  | { allowed: true; grant: Grant }
  | { allowed: false; code: 'ERR_FORBIDDEN' | 'ERR_FORBIDDEN_SCOPE' };

/**
 * Decides one request. `targetOrgPath` lists the target unit's ancestors from the root down to the
 * unit itself; null means the action has no org target, so any grant carrying the permission does.
 * The returned grant is the one that allowed it, for the audit entry's role and org.
 */
export function authorize(
  permission: Permission,
  actorGrants: readonly Grant[],
  targetOrgPath: readonly string[] | null,
): Decision {
  const carrying = effectiveGrants(actorGrants).filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
  if (carrying.length === 0) return { allowed: false, code: 'ERR_FORBIDDEN' };
  if (targetOrgPath === null) return { allowed: true, grant: carrying[0] as Grant };
  const covering = carrying.find((g) => targetOrgPath.includes(g.orgUnitId));
  return covering ? { allowed: true, grant: covering } : { allowed: false, code: 'ERR_FORBIDDEN_SCOPE' };
}

export function isSecurityRole(role: Role): boolean {
  return (SECURITY_ROLES as readonly Role[]).includes(role);
}

/**
 * Whether a user's grants break 三员分立: a security role beside a business role, or two different
 * security roles. Assignment refuses both (canGrant); this finds them when they are in the data anyway.
 */
export function breaksSeparation(grants: readonly Grant[]): boolean {
  const security = new Set(grants.filter((g) => isSecurityRole(g.role)).map((g) => g.role));
  return security.size > 1 || (security.size === 1 && grants.some((g) => !isSecurityRole(g.role)));
}

/**
 * The grants that count. Beside a security role, business grants are not honoured, so a conflicting
 * grant found in the data never opens business documents to an administrator; two different security
 * roles cancel each other (fail closed) until one is revoked.
 */
export function effectiveGrants(grants: readonly Grant[]): Grant[] {
  const security = grants.filter((g) => isSecurityRole(g.role));
  if (security.length === 0) return [...grants];
  return new Set(security.map((g) => g.role)).size > 1 ? [] : security;
}

/** The three security roles, pairwise, plus the deployment's own pairs. */
export function exclusivePairs(
  extra: readonly (readonly [Role, Role])[] = [],
): readonly (readonly [Role, Role])[] {
  const pairs: (readonly [Role, Role])[] = [];
  for (const [i, a] of SECURITY_ROLES.entries()) {
    for (const b of SECURITY_ROLES.slice(i + 1)) pairs.push([a, b]);
  }
  return [...pairs, ...extra];
}

export type GrantDecision =
  | { ok: true }
  | { ok: false; code: 'ERR_ROLE_CONFLICT' | 'ERR_SECURITY_ROLE_SEPARATION'; conflictsWith: Role }
  | { ok: false; code: 'ERR_FORBIDDEN'; reason: 'self' };

/**
 * May `actorId` give `role` to a user who already holds `targetGrants`? The scope is checked by
 * authorize(); this adds separation of duties: nobody changes their own roles, a holder of a security
 * role holds no business role (and the reverse), and a user never holds both roles of an exclusive
 * pair, at any units, whoever grants them.
 */
export function canGrant(
  actorId: string,
  targetUserId: string,
  targetGrants: readonly Grant[],
  role: Role,
  pairs: readonly (readonly [Role, Role])[],
): GrantDecision {
  if (actorId === targetUserId) return { ok: false, code: 'ERR_FORBIDDEN', reason: 'self' };
  for (const held of targetGrants) {
    if (held.role === role) continue;
    if (isSecurityRole(held.role) !== isSecurityRole(role))
      return { ok: false, code: 'ERR_SECURITY_ROLE_SEPARATION', conflictsWith: held.role };
    const clash = pairs.some(([a, b]) => (a === role && b === held.role) || (b === role && a === held.role));
    if (clash) return { ok: false, code: 'ERR_ROLE_CONFLICT', conflictsWith: held.role };
  }
  return { ok: true };
}
