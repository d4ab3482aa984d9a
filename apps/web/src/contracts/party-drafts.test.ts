import { MAX_CONTRACT_PARTIES } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { addPartyProblem, moveParty, type PartyDraft, partyInputs } from './party-drafts.ts';

const student: PartyDraft = { kind: 'person', username: 'student', custody: 'browser', identity: 'campus' };
const seal: PartyDraft = { kind: 'organization', sealId: 's1', sealName: '合同专用章' };

describe('party drafts', () => {
  it('takes each party once, up to the contract limit', () => {
    expect(addPartyProblem([student], seal)).toBeNull();
    // The same account with another key is still the same party.
    expect(addPartyProblem([student, seal], { ...student, custody: 'event' })).toBe('duplicate');
    expect(addPartyProblem([seal], { ...seal, sealName: 'renamed' })).toBe('duplicate');
    const full = Array.from(
      { length: MAX_CONTRACT_PARTIES },
      (_, i): PartyDraft => ({
        kind: 'person',
        username: `u${i}`,
        custody: 'browser',
        identity: 'campus',
      }),
    );
    expect(addPartyProblem(full, student)).toBe('full');
  });

  it('moves a party up or down the signing order, and ignores a move off either end', () => {
    expect(moveParty(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveParty(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveParty(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveParty(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });

  it('sends people by username and organisations by seal, in the listed order', () => {
    expect(
      partyInputs([seal, { kind: 'person', username: ' student ', custody: 'token', identity: 'real-name' }]),
    ).toEqual([
      { kind: 'organization', sealId: 's1' },
      { kind: 'person', username: 'student', custody: 'token', identity: 'real-name' },
    ]);
  });
});
