import type { DocumentType } from '@openseal/contract';

/** A grant as the policy reads it; `unitPath` is the org path of the grant's unit (role grants). */
export interface GrantRule {
  id: string;
  userId: string | null;
  role: string | null;
  unitPath: string | null;
  /** Empty: any document type. */
  documentTypes: readonly DocumentType[];
  /** ISO 8601 UTC, exclusive; null: until withdrawn. */
  until: string | null;
  /** Total uses allowed; null: no quota. */
  maxUses: number | null;
  /** Uses made so far. */
  uses: number;
}

/** What the caller holds: their user id and each role with the org path of the unit it sits at. */
export interface Holder {
  userId: string;
  roles: readonly { role: string; unitPath: string }[];
}

/** Whether the grant names this holder: them by id, or a role they hold at the grant's unit or below. */
export function grantNames(grant: GrantRule, holder: Holder): boolean {
  if (grant.userId !== null) return grant.userId === holder.userId;
  if (grant.unitPath === null) return false;
  // Org paths end with '/', so a prefix match stops at a unit boundary.
  const under = grant.unitPath.endsWith('/') ? grant.unitPath : `${grant.unitPath}/`;
  return holder.roles.some((r) => r.role === grant.role && r.unitPath.startsWith(under));
}

const current = (grant: GrantRule, now: Date): boolean =>
  grant.until === null || grant.until > now.toISOString();

const left = (grant: GrantRule): boolean => grant.maxUses === null || grant.uses < grant.maxUses;

export type GrantDecision =
  | { ok: true; grantId: string }
  | { ok: false; code: 'ERR_SEAL_NOT_GRANTED' | 'ERR_SEAL_DOCUMENT_TYPE' | 'ERR_SEAL_QUOTA_EXHAUSTED' };

/**
 * Whether `holder` may stamp `documentType` now: some current grant names them, covers the type and
 * has uses left (unlimited grants first, so a quota is kept for when it is needed). Otherwise the
 * refusal says what to ask the seal admin for: a grant at all, the document type, or more uses.
 */
export function decideUse(
  grants: readonly GrantRule[],
  holder: Holder,
  documentType: DocumentType,
  now: Date,
): GrantDecision {
  const mine = grants.filter((g) => current(g, now) && grantNames(g, holder));
  const covering = mine.filter((g) => g.documentTypes.length === 0 || g.documentTypes.includes(documentType));
  const usable = covering
    .filter(left)
    .sort((a, b) => Number(a.maxUses !== null) - Number(b.maxUses !== null));
  if (usable[0]) return { ok: true, grantId: usable[0].id };
  if (covering.length > 0) return { ok: false, code: 'ERR_SEAL_QUOTA_EXHAUSTED' };
  return { ok: false, code: mine.length > 0 ? 'ERR_SEAL_DOCUMENT_TYPE' : 'ERR_SEAL_NOT_GRANTED' };
}

/**
 * The document types the holder's current grants cover, or null when none names them. An empty
 * array means any type.
 */
export function usableTypes(grants: readonly GrantRule[], holder: Holder, now: Date): DocumentType[] | null {
  const mine = grants.filter((g) => current(g, now) && left(g) && grantNames(g, holder));
  if (mine.length === 0) return null;
  if (mine.some((g) => g.documentTypes.length === 0)) return [];
  return [...new Set(mine.flatMap((g) => g.documentTypes))].sort();
}
