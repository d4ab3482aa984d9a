import { describe, expect, it } from 'vitest';
import { sealTransition, usableStatus } from './seal-lifecycle.ts';

describe('sealTransition', () => {
  it('allows suspend/resume round trips and revocation from active or suspended', () => {
    expect(sealTransition('active', 'suspend')).toEqual({ ok: true, to: 'suspended' });
    expect(sealTransition('suspended', 'resume')).toEqual({ ok: true, to: 'active' });
    expect(sealTransition('suspended', 'revoke')).toEqual({ ok: true, to: 'revoked' });
    expect(sealTransition('active', 'revoke')).toEqual({ ok: true, to: 'revoked' });
  });

  it('refuses changes that make no sense and anything after destruction', () => {
    expect(sealTransition('active', 'resume')).toEqual({ ok: false, code: 'ERR_SEAL_STATE' });
    expect(sealTransition('suspended', 'suspend')).toEqual({ ok: false, code: 'ERR_SEAL_STATE' });
    expect(sealTransition('revoked', 'resume')).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
    expect(sealTransition('revoked', 'destroy')).toEqual({ ok: true, to: 'destroyed' });
    expect(sealTransition('destroyed', 'destroy')).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
  });

  it('lets only active seals stamp', () => {
    expect(usableStatus('active')).toEqual({ ok: true });
    expect(usableStatus('suspended')).toEqual({ ok: false, code: 'ERR_SEAL_SUSPENDED' });
    expect(usableStatus('revoked')).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
    expect(usableStatus('destroyed')).toEqual({ ok: false, code: 'ERR_SEAL_INACTIVE' });
  });
});
