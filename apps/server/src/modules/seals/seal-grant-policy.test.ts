import { describe, expect, it } from 'vitest';
import { decideUse, type GrantRule, type Holder, usableTypes } from './seal-grant-policy.ts';

const now = new Date('2026-09-01T08:00:00Z');
const creator: Holder = {
  userId: 'u1',
  roles: [{ role: 'business_creator', unitPath: '/school/affairs/exams/' }],
};
const rule = (over: Partial<GrantRule>): GrantRule => ({
  id: 'g',
  userId: null,
  role: null,
  unitPath: null,
  documentTypes: [],
  until: null,
  maxUses: null,
  uses: 0,
  ...over,
});

describe('seal grant policy', () => {
  it('lets a named user stamp any type when the grant names none', () => {
    expect(decideUse([rule({ userId: 'u1' })], creator, 'contract', now)).toEqual({ ok: true, grantId: 'g' });
    expect(decideUse([rule({ userId: 'u2' })], creator, 'contract', now)).toEqual({
      ok: false,
      code: 'ERR_SEAL_NOT_GRANTED',
    });
  });

  it('lets holders of a role at the grant unit or below stamp, and nobody above or beside it', () => {
    const at = (unitPath: string) => [rule({ role: 'business_creator', unitPath })];
    expect(decideUse(at('/school/affairs/'), creator, 'transcript', now).ok).toBe(true);
    expect(decideUse(at('/school/affairs/exams/'), creator, 'transcript', now).ok).toBe(true);
    expect(decideUse(at('/school/affairs/exams/room1/'), creator, 'transcript', now).ok).toBe(false);
    expect(decideUse(at('/school/finance/'), creator, 'transcript', now).ok).toBe(false);
    // A path prefix must end at a unit boundary: /school/aff/ is not an ancestor of /school/affairs/.
    expect(decideUse(at('/school/aff'), creator, 'transcript', now).ok).toBe(false);
    expect(
      decideUse([rule({ role: 'seal_admin', unitPath: '/school/' })], creator, 'transcript', now).ok,
    ).toBe(false);
  });

  it('refuses a document type the grant does not name with its own code', () => {
    const grants = [rule({ userId: 'u1', documentTypes: ['transcript', 'certificate'] })];
    expect(decideUse(grants, creator, 'certificate', now).ok).toBe(true);
    expect(decideUse(grants, creator, 'contract', now)).toEqual({
      ok: false,
      code: 'ERR_SEAL_DOCUMENT_TYPE',
    });
  });

  it('ends a grant at its until instant, exclusive', () => {
    const grants = [rule({ userId: 'u1', until: '2026-09-01T08:00:00.001Z' })];
    expect(decideUse(grants, creator, 'other', now).ok).toBe(true);
    expect(decideUse(grants, creator, 'other', new Date('2026-09-01T08:00:00.001Z')).ok).toBe(false);
  });

  it('counts a quota to its last use, and keeps a quota grant for when no unlimited one covers', () => {
    const quota = rule({ id: 'q', userId: 'u1', maxUses: 3, uses: 2 });
    expect(decideUse([quota], creator, 'other', now)).toEqual({ ok: true, grantId: 'q' });
    expect(decideUse([{ ...quota, uses: 3 }], creator, 'other', now)).toEqual({
      ok: false,
      code: 'ERR_SEAL_QUOTA_EXHAUSTED',
    });
    expect(usableTypes([{ ...quota, uses: 3 }], creator, now)).toBeNull();
    const open = rule({ id: 'o', userId: 'u1' });
    expect(decideUse([quota, open], creator, 'other', now)).toEqual({ ok: true, grantId: 'o' });
  });

  it('takes the covering grant among several', () => {
    const grants = [
      rule({ id: 'a', userId: 'u1', documentTypes: ['contract'] }),
      rule({ id: 'b', role: 'business_creator', unitPath: '/school/', documentTypes: ['transcript'] }),
    ];
    expect(decideUse(grants, creator, 'transcript', now)).toEqual({ ok: true, grantId: 'b' });
    expect(usableTypes(grants, creator, now)).toEqual(['contract', 'transcript']);
    expect(usableTypes([...grants, rule({ userId: 'u1' })], creator, now)).toEqual([]);
    expect(usableTypes(grants, { userId: 'u9', roles: [] }, now)).toBeNull();
  });
});
