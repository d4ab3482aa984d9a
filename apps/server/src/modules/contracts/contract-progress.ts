// A party's signature lands: the contract's file moves to the signed one, only if it is still the
// file the signature was made on (a parallel party may have signed meanwhile), and the turn passes.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { recordContractEvent } from './contract-events.ts';
import type { LoadedContract, PartyRow } from './contract-reads.ts';
import type { ContractActor } from './contracts-context.ts';

export interface SignedStep {
  loaded: LoadedContract;
  party: PartyRow;
  /** The file the signature was made on, and the file with it. */
  fromSha256: string;
  toSha256: string;
  kind: 'signed' | 'sealed';
  who: ContractActor;
  at: Date;
  certificateSubject?: string;
  detail?: string;
}

/** Refuses an action on a contract that is not open, or whose deadline has passed. */
export function assertOpen(loaded: LoadedContract, now: Date): void {
  const { contract } = loaded;
  if (contract.status !== 'signing') throw new AppError('ERR_CONTRACT_CLOSED');
  if (contract.closes_at && contract.closes_at <= now.toISOString())
    throw new AppError('ERR_CONTRACT_CLOSED', 'the deadline has passed');
}

/** Inside the caller's transaction: the file, the party, the next party's turn, completion, the event. */
export async function recordSignedStep(trx: Kysely<Database>, s: SignedStep): Promise<void> {
  const iso = s.at.toISOString();
  const remaining = s.loaded.parties.filter((p) => p.id !== s.party.id && p.status !== 'signed');
  const completed = remaining.length === 0;
  const moved = await trx
    .updateTable('contracts')
    .set({ current_sha256: s.toSha256, updated_at: iso, ...(completed ? { status: 'completed' } : {}) })
    .where('id', '=', s.loaded.contract.id)
    .where('status', '=', 'signing')
    .where('current_sha256', '=', s.fromSha256)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1)
    throw new AppError('ERR_CONTRACT_NOT_PREPARED', 'the contract changed while it was being signed');
  const signed = await trx
    .updateTable('contract_parties')
    .set({
      status: 'signed',
      signed_at: iso,
      prepared: null,
      prepared_sha256: null,
      ...(s.certificateSubject ? { certificate_subject: s.certificateSubject } : {}),
    })
    .where('id', '=', s.party.id)
    .where('status', '=', 'ready')
    .executeTakeFirst();
  if (Number(signed.numUpdatedRows) !== 1) throw new AppError('ERR_CONTRACT_NOT_YOUR_TURN');
  const next = remaining.find((p) => p.status === 'waiting');
  if (s.loaded.contract.signing_order === 'sequential' && next) {
    await trx.updateTable('contract_parties').set({ status: 'ready' }).where('id', '=', next.id).execute();
  }
  await recordContractEvent(trx, {
    contractId: s.loaded.contract.id,
    kind: s.kind,
    who: s.who,
    partyId: s.party.id,
    documentSha256: s.toSha256,
    at: s.at,
    ...(s.detail ? { detail: s.detail } : {}),
  });
  if (completed) {
    await recordContractEvent(trx, {
      contractId: s.loaded.contract.id,
      kind: 'completed',
      who: 'system',
      documentSha256: s.toSha256,
      at: s.at,
    });
  }
}

/** The caller's party that may act now, or the refusal that says why not. */
export function readyPartyOf(
  loaded: LoadedContract,
  userId: string,
  kind: 'person' | 'organization',
  partyId?: string,
): PartyRow {
  const mine = loaded.parties.filter((p) =>
    kind === 'person' ? p.kind === 'person' && p.user_id === userId : p.kind === 'organization',
  );
  const party = partyId ? mine.find((p) => p.id === partyId) : mine[0];
  if (!party) throw new AppError('ERR_CONTRACT_NOT_YOUR_TURN', 'you are not this party');
  if (kind === 'organization' && loaded.contract.initiator_id !== userId)
    throw new AppError(
      'ERR_CONTRACT_NOT_YOUR_TURN',
      "only the contract's initiator stamps for an organisation",
    );
  if (party.status !== 'ready') throw new AppError('ERR_CONTRACT_NOT_YOUR_TURN');
  return party;
}

/** A party that asks for a real-name check must have passed it before a key is certified or used. */
export function assertIdentity(party: PartyRow): void {
  if (party.identity === 'real-name' && !party.identity_check) throw new AppError('ERR_IDENTITY_REQUIRED');
}
