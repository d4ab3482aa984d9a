import {
  EMAIL_PATTERN,
  type IdentityCheck,
  type KeyCustody,
  MAINLAND_MOBILE_PATTERN,
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
  /**
   * Someone outside the school, reached by a code to their mobile or email (at least one); always
   * checked by real name before signing, with a browser key or an event certificate.
   */
  | { kind: 'external'; name: string; phone: string; email: string; custody: ExternalCustody }
  | { kind: 'organization'; sealId: string; sealName: string };

export type ExternalCustody = 'browser' | 'event';

export const partyKey = (p: PartyDraft): string =>
  p.kind === 'person'
    ? `person:${p.username}`
    : p.kind === 'external'
      ? `external:${p.phone.trim() || p.email.trim().toLowerCase()}`
      : `organization:${p.sealId}`;

/** Why an outside person's details cannot be sent yet; null when they can. */
export function externalProblem(p: {
  name: string;
  phone: string;
  email: string;
}): 'name' | 'contact' | 'phone' | 'email' | null {
  const phone = p.phone.trim();
  const email = p.email.trim();
  if (!p.name.trim()) return 'name';
  if (!phone && !email) return 'contact';
  if (phone && !new RegExp(MAINLAND_MOBILE_PATTERN).test(phone)) return 'phone';
  if (email && !new RegExp(EMAIL_PATTERN).test(email)) return 'email';
  return null;
}

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
  parties.map((p): PartyInput => {
    if (p.kind === 'person')
      return { kind: 'person', username: p.username.trim(), custody: p.custody, identity: p.identity };
    if (p.kind === 'organization') return { kind: 'organization', sealId: p.sealId };
    const phone = p.phone.trim();
    const email = p.email.trim();
    return {
      kind: 'person',
      external: { name: p.name.trim(), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
      custody: p.custody,
    };
  });
