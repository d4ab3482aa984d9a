import type { ContractDetail, ContractParty } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { contractChoices } from './contract-choices.ts';

const party = (id: string, over: Partial<ContractParty>): ContractParty => ({
  id,
  kind: 'person',
  position: 1,
  name: id,
  status: 'waiting',
  mine: false,
  ...over,
});

const contract = (over: Partial<ContractDetail>): ContractDetail => ({
  id: 'c1',
  title: 'T',
  status: 'signing',
  order: 'sequential',
  initiator: 'creator',
  initiatedByMe: false,
  createdAt: '2026-12-08T00:00:00Z',
  parties: [],
  awaitingMe: false,
  cc: [],
  documentSha256: '00',
  events: [],
  ...over,
});

describe('contractChoices', () => {
  it('offers the signature to my ready person party and the seal to my ready organisations only', () => {
    const c = contract({
      parties: [
        party('me', { mine: true, status: 'ready' }),
        party('school', { kind: 'organization', mine: true, status: 'ready' }),
        party('later', { kind: 'organization', mine: true, status: 'waiting' }),
        party('other', { status: 'ready' }),
      ],
    });
    const choices = contractChoices(c);
    expect(choices.person?.id).toBe('me');
    expect(choices.organizations.map((p) => p.id)).toEqual(['school']);
    // Nothing to sign once the contract has closed, whatever a party's row still says.
    expect(contractChoices({ ...c, status: 'voided' })).toMatchObject({ person: null, organizations: [] });
  });

  it('lets the initiator void at once while signing, propose it once completed, and nothing after', () => {
    expect(contractChoices(contract({ initiatedByMe: true })).voiding).toBe('void');
    expect(contractChoices(contract({ initiatedByMe: true, status: 'completed' })).voiding).toBe('propose');
    const proposed = { reason: 'r', proposedAt: '2026-12-08T01:00:00Z', agreed: [] };
    expect(
      contractChoices(contract({ initiatedByMe: true, status: 'completed', voidProposal: proposed })).voiding,
    ).toBeNull();
    expect(contractChoices(contract({ initiatedByMe: true, status: 'declined' })).voiding).toBeNull();
    expect(contractChoices(contract({ status: 'signing' })).voiding).toBeNull();
  });

  it('asks my person party to agree to a proposed void until it has', () => {
    const parties = [party('me', { mine: true, status: 'signed' }), party('them', { status: 'signed' })];
    const proposal = (agreed: string[]) => ({ reason: 'r', proposedAt: '2026-12-08T01:00:00Z', agreed });
    const asked = (agreed: string[]) =>
      contractChoices(contract({ status: 'completed', parties, voidProposal: proposal(agreed) })).agreeing
        ?.id ?? null;
    expect(asked([])).toBe('me');
    expect(asked(['them'])).toBe('me');
    expect(asked(['me'])).toBeNull();
    expect(contractChoices(contract({ status: 'completed', parties })).agreeing).toBeNull();
  });
});
