import {
  type IdentityCheck,
  type KeyCustody,
  MAX_CONTRACT_PARTIES,
  type PartyInput,
} from '@openseal/contract';

/** A party being listed on the new-contract form, in signing order. */
export type PartyDraft =
  /**
   * The initiator's choices for a person: where their signing key lives (browser by default) and how
   * they prove who they are first (the campus sign-in by default, or a real-name check).
   */
  | { kind: 'person'; username: string; custody: KeyCustody; identity: IdentityCheck }
  | { kind: 'organization'; sealId: string; sealName: string };

export const partyKey = (p: PartyDraft): string =>
  p.kind === 'person' ? `person:${p.username}` : `organization:${p.sealId}`;

/**
 * Why `next` cannot join the list: each party once (the server refuses a repeat too) and no more
 * than the contract allows; null when it may.
 */
export function addPartyProblem(
  parties: readonly PartyDraft[],
  next: PartyDraft,
): 'duplicate' | 'full' | null {
  if (parties.length >= MAX_CONTRACT_PARTIES) return 'full';
  const key = partyKey(next);
  return parties.some((p) => partyKey(p) === key) ? 'duplicate' : null;
}

/** The list with the party at `from` moved to `to` (both kept within the list). */
export function moveParty<T>(parties: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= parties.length || to < 0 || to >= parties.length) return [...parties];
  const out = [...parties];
  const [moved] = out.splice(from, 1);
  if (moved !== undefined) out.splice(to, 0, moved);
  return out;
}

/** What the API takes for the drafts. */
export const partyInputs = (parties: readonly PartyDraft[]): PartyInput[] =>
  parties.map((p) =>
    p.kind === 'person'
      ? { kind: 'person', username: p.username.trim(), custody: p.custody, identity: p.identity }
      : { kind: 'organization', sealId: p.sealId },
  );
