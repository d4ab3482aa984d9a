import { describe, expect, it } from 'vitest';
import { authorize, breaksSeparation, canGrant, effectiveGrants, exclusivePairs } from './access-policy.ts';

// Paths from the root: school S > college A > unit A1; school S > college B.
const A1 = ['S', 'A', 'A1'];
const B = ['S', 'B'];

describe('authorize', () => {
  it('inherits a grant downward but never sideways or upward', () => {
    const collegeSealAdmin = [{ role: 'seal_admin', orgUnitId: 'A' }] as const;
    expect(authorize('seals.manage', collegeSealAdmin, A1)).toEqual({
      allowed: true,
      grant: collegeSealAdmin[0],
    });
    expect(authorize('seals.manage', collegeSealAdmin, B)).toEqual({
      allowed: false,
      code: 'ERR_FORBIDDEN_SCOPE',
    });
    expect(authorize('seals.manage', collegeSealAdmin, ['S'])).toEqual({
      allowed: false,
      code: 'ERR_FORBIDDEN_SCOPE',
    });
  });

  it('answers ERR_FORBIDDEN when no role carries the permission, wherever it is granted', () => {
    expect(authorize('seals.use', [{ role: 'system_admin', orgUnitId: 'S' }], A1)).toEqual({
      allowed: false,
      code: 'ERR_FORBIDDEN',
    });
  });

  it('gives none of the three security roles a business permission', () => {
    for (const role of ['system_admin', 'security_admin', 'security_auditor'] as const) {
      for (const p of [
        'seals.use',
        'seals.read',
        'seals.manage',
        'documents.read',
        'documents.create',
      ] as const) {
        expect(authorize(p, [{ role, orgUnitId: 'S' }], A1).allowed).toBe(false);
      }
    }
  });

  it('picks the grant that covers the target among several', () => {
    const grants = [
      { role: 'seal_admin', orgUnitId: 'B' },
      { role: 'seal_admin', orgUnitId: 'A' },
    ] as const;
    expect(authorize('seals.manage', grants, A1)).toEqual({ allowed: true, grant: grants[1] });
  });
});

describe('三员分立 in the data', () => {
  const sys = { role: 'system_admin', orgUnitId: 'S' } as const;
  const file = { role: 'file_admin', orgUnitId: 'S' } as const;
  const audit = { role: 'security_auditor', orgUnitId: 'S' } as const;

  it('honours no business grant held beside a security role', () => {
    expect(effectiveGrants([sys, file])).toEqual([sys]);
    expect(authorize('documents.read', [sys, file], A1)).toEqual({ allowed: false, code: 'ERR_FORBIDDEN' });
    expect(authorize('users.create', [file, sys], A1)).toEqual({ allowed: true, grant: sys });
    expect(authorize('documents.read', [file], A1)).toEqual({ allowed: true, grant: file });
  });

  it('honours neither of two different security roles', () => {
    expect(effectiveGrants([sys, audit])).toEqual([]);
    expect(authorize('audit.read', [sys, audit], null).allowed).toBe(false);
    expect(effectiveGrants([sys, { role: 'system_admin', orgUnitId: 'A' }])).toHaveLength(2);
  });

  it('names the grant sets that break separation', () => {
    expect(breaksSeparation([sys, file])).toBe(true);
    expect(breaksSeparation([sys, audit])).toBe(true);
    expect(breaksSeparation([sys, { role: 'system_admin', orgUnitId: 'A' }])).toBe(false);
    expect(breaksSeparation([file, { role: 'seal_admin', orgUnitId: 'A' }])).toBe(false);
  });
});

describe('canGrant', () => {
  const pairs = exclusivePairs([['business_creator', 'business_auditor']]);

  it('refuses a second security role (三员分立), even at another unit', () => {
    expect(
      canGrant('x', 'u', [{ role: 'security_admin', orgUnitId: 'A' }], 'security_auditor', pairs),
    ).toEqual({
      ok: false,
      code: 'ERR_ROLE_CONFLICT',
      conflictsWith: 'security_admin',
    });
    expect(canGrant('x', 'u', [{ role: 'system_admin', orgUnitId: 'S' }], 'security_admin', pairs).ok).toBe(
      false,
    );
  });

  it('refuses any business role to a security-role holder and the reverse, at any unit', () => {
    expect(canGrant('x', 'u', [{ role: 'system_admin', orgUnitId: 'S' }], 'file_admin', [])).toEqual({
      ok: false,
      code: 'ERR_SECURITY_ROLE_SEPARATION',
      conflictsWith: 'system_admin',
    });
    expect(canGrant('x', 'u', [{ role: 'member', orgUnitId: 'A1' }], 'security_auditor', [])).toEqual({
      ok: false,
      code: 'ERR_SECURITY_ROLE_SEPARATION',
      conflictsWith: 'member',
    });
  });

  it('applies configured extra pairs in both directions', () => {
    expect(
      canGrant('x', 'u', [{ role: 'business_auditor', orgUnitId: 'A' }], 'business_creator', pairs).ok,
    ).toBe(false);
    expect(
      canGrant('x', 'u', [{ role: 'business_creator', orgUnitId: 'A' }], 'business_auditor', pairs).ok,
    ).toBe(false);
    expect(canGrant('x', 'u', [{ role: 'business_creator', orgUnitId: 'A' }], 'seal_admin', pairs)).toEqual({
      ok: true,
    });
  });

  it("allows the same role at another unit and refuses changing one's own roles", () => {
    expect(canGrant('x', 'u', [{ role: 'security_admin', orgUnitId: 'A' }], 'security_admin', pairs)).toEqual(
      {
        ok: true,
      },
    );
    expect(canGrant('u', 'u', [], 'member', pairs)).toEqual({
      ok: false,
      code: 'ERR_FORBIDDEN',
      reason: 'self',
    });
  });
});
