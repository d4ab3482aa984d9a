import { MAX_CONTRACT_PARTIES } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { addPartyProblem, externalProblem, moveParty, type PartyDraft, partyInputs } from './party-drafts.ts';

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

  it('sends an outside person by name and the contacts given, once per phone or email', () => {
    const outsider: PartyDraft = {
      kind: 'external',
      name: ' 王外部 ',
      phone: '13812341234',
      email: '',
      custody: 'event',
    };
    expect(partyInputs([outsider])).toEqual([
      { kind: 'person', external: { name: '王外部', phone: '13812341234' }, custody: 'event' },
    ]);
    expect(addPartyProblem([outsider], { ...outsider, name: 'Another name' })).toBe('duplicate');
    expect(addPartyProblem([outsider], { ...outsider, phone: '', email: 'w@example.com' })).toBeNull();
  });

  it("says what is missing from an outside person's details", () => {
    const base = { name: 'Wang', phone: '', email: '' };
    expect(externalProblem(base)).toBe('contact');
    expect(externalProblem({ ...base, name: ' ' })).toBe('name');
    expect(externalProblem({ ...base, phone: '12812341234' })).toBe('phone');
    expect(externalProblem({ ...base, phone: '1381234123' })).toBe('phone');
    expect(externalProblem({ ...base, email: 'wang@' })).toBe('email');
    expect(externalProblem({ ...base, phone: '13812341234' })).toBeNull();
    expect(externalProblem({ ...base, email: 'wang@example.com' })).toBeNull();
  });
});
