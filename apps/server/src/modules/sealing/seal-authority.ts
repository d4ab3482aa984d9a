// Whose say-so a seal is used on. Three kinds: a current seal grant naming the caller and covering
// the document type; an approved seal-use request (the approval is the authorisation); or an
// issuing template's policy (the template names the seal, and the template's route decides who may
// issue it). The grant is counted in the ledger transaction, so a last use cannot be taken twice.
import type { DocumentType } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { decideUse } from '../seals/seal-grant-policy.ts';
import { loadGrantPolicyInputs } from '../seals/seal-grants.ts';
import { countGrantUse } from '../seals/seal-use-rows.ts';
import type { SealRefusal } from './sealing-errors.ts';

export type SealAuthority =
  | { kind: 'grant' }
  /** The caller checked the request (approved, theirs) and that the file is the approved one. */
  | { kind: 'request'; requestId: string }
  /** The credential template of `typeCode` names the seal. */
  | { kind: 'template'; typeCode: string };

export type AuthorityDecision = { ok: true; grantId: string | null } | { ok: false; code: SealRefusal };

/** Whether `authority` lets `userId` use seal `sealId` on a document of `documentType` at `now`. */
export async function decideAuthority(
  db: Kysely<Database>,
  authority: SealAuthority,
  use: { sealId: string; userId: string; documentType: DocumentType; now: Date },
): Promise<AuthorityDecision> {
  if (authority.kind !== 'grant') return { ok: true, grantId: null };
  const { rules, holder } = await loadGrantPolicyInputs(db, [use.sealId], use.userId);
  return decideUse(rules, holder, use.documentType, use.now);
}

/** Takes the grant's use inside the ledger transaction; false when it was used up or withdrawn meanwhile. */
export async function takeGrantUse(
  trx: Kysely<Database>,
  decision: { grantId: string | null },
): Promise<boolean> {
  return decision.grantId === null || countGrantUse(trx, decision.grantId);
}
