import { describe, expect, it } from 'vitest';
import { canSign, sealable, stateAllowsUse } from './sealable.ts';
import { refusalOutcome } from './sealing-errors.ts';

const electronic = { physical: 0, certificate: new Uint8Array([1]), key_store: 'software' as const };

describe('the seal step usable check (one check for seal use and issuing)', () => {
  it('lets an active electronic seal with a certificate and a key sign', () => {
    expect(sealable({ status: 'active', ...electronic })).toEqual({ ok: true });
  });

  it('refuses by state first: suspended, then revoked and destroyed as inactive', () => {
    expect(sealable({ status: 'suspended', ...electronic, physical: 1 })).toEqual({
      ok: false,
      code: 'ERR_SEAL_SUSPENDED',
    });
    expect(stateAllowsUse({ status: 'revoked' })).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
    expect(stateAllowsUse({ status: 'destroyed' })).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
  });

  it('refuses a physical seal, or one without a certificate or a key, as ERR_SEAL_PHYSICAL', () => {
    const physical = { ok: false, code: 'ERR_SEAL_PHYSICAL' };
    expect(canSign({ ...electronic, physical: 1 })).toEqual(physical);
    expect(canSign({ ...electronic, certificate: null })).toEqual(physical);
    expect(canSign({ ...electronic, key_store: null })).toEqual(physical);
  });

  it('audits a missing right as denied and an unusable seal as a failure', () => {
    expect(refusalOutcome('ERR_SEAL_NOT_GRANTED')).toBe('denied');
    expect(refusalOutcome('ERR_SEAL_DOCUMENT_TYPE')).toBe('denied');
    expect(refusalOutcome('ERR_SEAL_QUOTA_EXHAUSTED')).toBe('denied');
    expect(refusalOutcome('ERR_SEAL_SUSPENDED')).toBe('failure');
    expect(refusalOutcome('ERR_SEAL_PHYSICAL')).toBe('failure');
  });
});
