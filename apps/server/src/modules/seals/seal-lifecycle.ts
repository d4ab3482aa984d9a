import type { SealStatus } from '@openseal/contract';

export type SealLifecycleAction = 'suspend' | 'resume' | 'revoke' | 'destroy';

export type Transition =
  | { ok: true; to: SealStatus }
  | { ok: false; code: 'ERR_SEAL_STATE' | 'ERR_SEAL_INACTIVE' };

const TARGET: Readonly<Record<SealLifecycleAction, SealStatus>> = {
  suspend: 'suspended',
  resume: 'active',
  revoke: 'revoked',
  destroy: 'destroyed',
};

/**
 * The seal state machine (pure). Suspension is reversible; revocation ends electronic use but keeps
 * the key until destruction; destruction is final and allowed from any other state.
 */
export function sealTransition(from: SealStatus, action: SealLifecycleAction): Transition {
  if (from === 'destroyed') return { ok: false, code: 'ERR_SEAL_INACTIVE' };
  if (action === 'destroy') return { ok: true, to: 'destroyed' };
  if (from === 'revoked') return { ok: false, code: 'ERR_SEAL_INACTIVE' };
  const allowed =
    (action === 'suspend' && from === 'active') ||
    (action === 'resume' && from === 'suspended') ||
    action === 'revoke';
  return allowed ? { ok: true, to: TARGET[action] } : { ok: false, code: 'ERR_SEAL_STATE' };
}

/** Whether a seal in `status` may stamp, and the error to give when it may not. */
export function usableStatus(
  status: SealStatus,
): { ok: true } | { ok: false; code: 'ERR_SEAL_SUSPENDED' | 'ERR_SEAL_INACTIVE' } {
  if (status === 'active') return { ok: true };
  return { ok: false, code: status === 'suspended' ? 'ERR_SEAL_SUSPENDED' : 'ERR_SEAL_INACTIVE' };
}
