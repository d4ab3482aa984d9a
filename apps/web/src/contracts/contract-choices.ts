import type { ContractDetail, ContractParty } from '@openseal/contract';

export interface ContractChoices {
  /** Their own signature, as a person party whose turn it is. */
  person: ContractParty | null;
  /** Organisations the initiator stamps for, whose turn it is. */
  organizations: ContractParty[];
  /** The initiator's 作废: at once while signing, by a proposal once completed, else none. */
  voiding: 'void' | 'propose' | null;
  /** Their person party that has yet to agree to the initiator's proposal to void. */
  agreeing: ContractParty | null;
}

/** What the signed-in person may do now, as the contract's answer says (the server decides again). */
export function contractChoices(contract: ContractDetail): ContractChoices {
  const open = contract.status === 'signing';
  const completed = contract.status === 'completed';
  const ready = open ? contract.parties.filter((p) => p.mine && p.status === 'ready') : [];
  const proposal = contract.voidProposal;
  return {
    person: ready.find((p) => p.kind === 'person') ?? null,
    organizations: ready.filter((p) => p.kind === 'organization'),
    voiding: !contract.initiatedByMe ? null : open ? 'void' : completed && !proposal ? 'propose' : null,
    agreeing:
      completed && proposal
        ? (contract.parties.find((p) => p.kind === 'person' && p.mine && !proposal.agreed.includes(p.id)) ??
          null)
        : null,
  };
}
