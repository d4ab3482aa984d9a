// A contract ends without all signatures: a party declines (with a reason), the initiator voids it
// (作废, with a reason that verification shows), or its deadline passes.
import type { ContractDetail } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { auditContract, recordContractEvent } from './contract-events.ts';
import { assertOpen, readyPartyOf } from './contract-progress.ts';
import { contractDetail, contractFor } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';

export async function declineContract(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  reason: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'person');
  await ctx.db.transaction().execute(async (trx) => {
    await closeOpen(trx, contractId, 'declined', now);
    await trx
      .updateTable('contract_parties')
      .set({ status: 'declined', decline_reason: reason, prepared: null, prepared_sha256: null })
      .where('id', '=', party.id)
      .execute();
    await recordContractEvent(trx, {
      contractId,
      kind: 'declined',
      who,
      partyId: party.id,
      documentSha256: loaded.contract.current_sha256,
      detail: reason,
      at: now,
    });
    await auditContract(trx, ctx.clock, who, 'contract.decline', contractId);
  });
  if (party.prepared_sha256) await ctx.files.remove(party.prepared_sha256);
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}

/**
 * 作废. While signing, the initiator withdraws the contract at once. Once completed, every party has
 * signed it, so voiding needs their agreement: the initiator proposes with a reason and the contract
 * is voided when the last person party agrees (the initiator speaks for the organisation parties).
 */
export async function voidContract(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  reason: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const { contract } = loaded;
  if (contract.initiator_id !== who.userId)
    throw new AppError('ERR_FORBIDDEN', 'only the initiator voids a contract');
  const now = ctx.clock();
  const people = loaded.parties.filter((p) => p.kind === 'person');
  const proposal = contract.status === 'completed' && people.length > 0;
  if (contract.status !== 'signing' && !proposal) throw new AppError('ERR_CONTRACT_CLOSED');
  if (proposal && contract.void_proposed_at)
    throw new AppError('ERR_CONTRACT_CLOSED', 'a void is already proposed and awaiting the parties');
  await ctx.db.transaction().execute(async (trx) => {
    if (proposal) {
      await trx
        .updateTable('contracts')
        .set({ void_reason: reason, void_proposed_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', contractId)
        .where('status', '=', 'completed')
        .where('void_proposed_at', 'is', null)
        .execute();
    } else {
      await closeOpen(trx, contractId, 'voided', now, reason);
    }
    await recordContractEvent(trx, {
      contractId,
      kind: proposal ? 'void-proposed' : 'voided',
      who,
      documentSha256: contract.current_sha256,
      detail: reason,
      at: now,
    });
    await auditContract(trx, ctx.clock, who, 'contract.void', contractId);
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}

/** A person party agrees to the proposed void; the last agreement voids the contract. */
export async function agreeToVoid(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const { contract } = loaded;
  if (contract.status !== 'completed' || !contract.void_proposed_at)
    throw new AppError('ERR_CONTRACT_CLOSED', 'no void is awaiting agreement');
  const party = loaded.parties.find((p) => p.kind === 'person' && p.user_id === who.userId);
  if (!party) throw new AppError('ERR_CONTRACT_NOT_YOUR_TURN', 'only the parties agree to a void');
  const agreed = await voidAgreements(ctx.db, contractId, contract.void_proposed_at);
  if (agreed.has(party.id)) throw new AppError('ERR_CONTRACT_NOT_YOUR_TURN', 'you have already agreed');
  const now = ctx.clock();
  const last = loaded.parties
    .filter((p) => p.kind === 'person')
    .every((p) => p.id === party.id || agreed.has(p.id));
  await ctx.db.transaction().execute(async (trx) => {
    await recordContractEvent(trx, {
      contractId,
      kind: 'void-agreed',
      who,
      partyId: party.id,
      documentSha256: contract.current_sha256,
      at: now,
    });
    if (last) {
      await trx
        .updateTable('contracts')
        .set({ status: 'voided', voided_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', contractId)
        .where('status', '=', 'completed')
        .execute();
      await recordContractEvent(trx, {
        contractId,
        kind: 'voided',
        who: 'system',
        documentSha256: contract.current_sha256,
        detail: contract.void_reason ?? undefined,
        at: now,
      });
    }
    await auditContract(trx, ctx.clock, who, 'contract.void-agree', contractId);
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}

/** The parties that agreed to the void proposed at `proposedAt`. */
export async function voidAgreements(
  db: Kysely<Database>,
  contractId: string,
  proposedAt: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('contract_events')
    .select('party_id')
    .where('contract_id', '=', contractId)
    .where('kind', '=', 'void-agreed')
    .where('at', '>=', proposedAt)
    .execute();
  return new Set(rows.flatMap((r) => (r.party_id ? [r.party_id] : [])));
}

/** The voided contract one of whose file states is `sha256`, for verification. */
export async function voidedContractOf(
  db: Kysely<Database>,
  sha256: string,
): Promise<{ title: string; reason: string; voidedAt: string } | null> {
  const row = await db
    .selectFrom('contract_events')
    .innerJoin('contracts', 'contracts.id', 'contract_events.contract_id')
    .select(['contracts.title', 'contracts.void_reason', 'contracts.voided_at', 'contracts.updated_at'])
    .where('contract_events.document_sha256', '=', sha256)
    .where('contracts.status', '=', 'voided')
    .executeTakeFirst();
  if (!row) return null;
  return { title: row.title, reason: row.void_reason ?? '', voidedAt: row.voided_at ?? row.updated_at };
}

/** Marks contracts whose deadline passed as expired, each with its event; returns how many. */
export async function expireContracts(ctx: Pick<ContractsContext, 'db' | 'clock'>): Promise<number> {
  const now = ctx.clock();
  const due = await ctx.db
    .selectFrom('contracts')
    .select(['id', 'current_sha256'])
    .where('status', '=', 'signing')
    .where('closes_at', '<=', now.toISOString())
    .limit(500)
    .execute();
  for (const c of due) {
    await ctx.db.transaction().execute(async (trx) => {
      if (!(await closeOpen(trx, c.id, 'expired', now, undefined, false))) return;
      await recordContractEvent(trx, {
        contractId: c.id,
        kind: 'expired',
        who: 'system',
        documentSha256: c.current_sha256,
        at: now,
      });
    });
  }
  return due.length;
}

/** Moves a contract from signing to `status`; false (or ERR_CONTRACT_CLOSED) when it was no longer signing. */
async function closeOpen(
  trx: Kysely<Database>,
  id: string,
  status: 'declined' | 'voided' | 'expired',
  now: Date,
  voidReason?: string,
  refuse = true,
): Promise<boolean> {
  const done = await trx
    .updateTable('contracts')
    .set({
      status,
      updated_at: now.toISOString(),
      ...(voidReason ? { void_reason: voidReason, voided_at: now.toISOString() } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'signing')
    .executeTakeFirst();
  const closed = Number(done.numUpdatedRows) === 1;
  if (!closed && refuse) throw new AppError('ERR_CONTRACT_CLOSED');
  return closed;
}
