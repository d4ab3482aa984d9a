// A contract ends without all signatures: a party declines (with a reason), the initiator voids it
// (作废, with a reason that verification shows), or its deadline passes.
import type { ContractDetail } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditWho } from '../seals/seals-context.ts';
import { recordContractEvent } from './contract-events.ts';
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
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'contract.decline', object: `contract:${contractId}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}

export async function voidContract(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  reason: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  if (loaded.contract.initiator_id !== who.userId)
    throw new AppError('ERR_FORBIDDEN', 'only the initiator voids a contract');
  if (loaded.contract.status !== 'signing') throw new AppError('ERR_CONTRACT_CLOSED');
  const now = ctx.clock();
  await ctx.db.transaction().execute(async (trx) => {
    await closeOpen(trx, contractId, 'voided', now, reason);
    await recordContractEvent(trx, {
      contractId,
      kind: 'voided',
      who,
      documentSha256: loaded.contract.current_sha256,
      detail: reason,
      at: now,
    });
    await appendAudit(
      trx,
      { ...auditWho(who), action: 'contract.void', object: `contract:${contractId}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
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
    .set({ status, updated_at: now.toISOString(), ...(voidReason ? { void_reason: voidReason } : {}) })
    .where('id', '=', id)
    .where('status', '=', 'signing')
    .executeTakeFirst();
  const closed = Number(done.numUpdatedRows) === 1;
  if (!closed && refuse) throw new AppError('ERR_CONTRACT_CLOSED');
  return closed;
}
