import type { SealStatus } from '@openseal/contract';

export type SealAction = 'suspend' | 'resume' | 'revoke' | 'destroy';

/**
 * The lifecycle buttons worth offering for a seal in `status`, mirroring the server's state machine:
 * suspension is reversible, revocation is not, destruction is final. The server still decides.
 */
export function sealActions(status: SealStatus): SealAction[] {
  switch (status) {
    case 'active':
      return ['suspend', 'revoke', 'destroy'];
    case 'suspended':
      return ['resume', 'revoke', 'destroy'];
    case 'revoked':
      return ['destroy'];
    case 'destroyed':
      return [];
  }
}
