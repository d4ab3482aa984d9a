// The one "can this seal sign now" check, for seal use and for issuing: its state (active), then
// whether it is an electronic seal with a certificate and a key.
import { usableStatus } from '../seals/seal-lifecycle.ts';
import type { SealStateRow } from '../seals/seal-use-rows.ts';
import type { SealRefusal } from './sealing-errors.ts';

export type Sealability = { ok: true } | { ok: false; code: SealRefusal };

/** Whether the seal's state lets anyone use it (suspended, revoked and destroyed seals do not). */
export function stateAllowsUse(seal: Pick<SealStateRow, 'status'>): Sealability {
  return usableStatus(seal.status);
}

/** Whether the seal has what signing needs: not physical, with a certificate and a key. */
export function canSign(seal: Omit<SealStateRow, 'id' | 'status'>): Sealability {
  return Number(seal.physical) === 1 || !seal.certificate || !seal.key_store
    ? { ok: false, code: 'ERR_SEAL_PHYSICAL' }
    : { ok: true };
}

/** Both checks, state first. */
export function sealable(seal: Omit<SealStateRow, 'id'>): Sealability {
  const state = stateAllowsUse(seal);
  return state.ok ? canSign(seal) : state;
}
