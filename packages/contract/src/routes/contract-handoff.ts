import { redeemHandoffRoute, startHandoffRoute } from '../contract-handoff.ts';
import type { RouteSpec } from './route-spec.ts';

/** A contract's signing moved to a phone by QR code: made by the signing party, opened by anyone holding it. */
export const contractHandoffApi = {
  startContractHandoff: {
    method: 'POST',
    path: '/api/contracts/:id/handoff',
    schema: startHandoffRoute,
    access: { session: true },
  },
  redeemContractHandoff: {
    method: 'POST',
    path: '/api/contract-handoffs/redeem',
    schema: redeemHandoffRoute,
    access: { public: true },
  },
} as const satisfies Record<string, RouteSpec>;
