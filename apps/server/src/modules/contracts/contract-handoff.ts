// Continuing a signature on a phone (扫码签署): the party whose turn it is shows a QR code on the
// computer; the phone that opens the link within two minutes gets a session of the same account that
// reaches this one contract and nothing else, for half an hour. The link works once. A UKey stays at
// the computer, so a party signing with one is not offered this.
import { createHash, randomBytes } from 'node:crypto';
import type { ContractHandoff, RedeemedHandoff } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import { openContractSession } from '../auth/contract-session.ts';
import { auditContract } from './contract-events.ts';
import { assertOpen, readyPartyOf } from './contract-progress.ts';
import { contractFor } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';

/** How long a QR code may wait to be scanned. */
export const HANDOFF_TTL_MS = 2 * 60_000;
/** How long the phone's session lasts: long enough to read the contract and sign. */
export const HANDOFF_SESSION_TTL_MS = 30 * 60_000;

function handoffId(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function startHandoff(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
): Promise<ContractHandoff> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'person');
  if (party.custody === 'token')
    throw new AppError('ERR_CONTRACT_CUSTODY', 'a UKey signs at the computer it is plugged into');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + HANDOFF_TTL_MS).toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    // A new code replaces the party's earlier ones still waiting.
    await trx
      .deleteFrom('contract_handoffs')
      .where('party_id', '=', party.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('contract_handoffs')
      .values({
        id: handoffId(token),
        contract_id: contractId,
        party_id: party.id,
        user_id: who.userId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    await auditContract(trx, ctx.clock, who, 'contract.handoff.start', contractId);
  });
  return { url: `${ctx.publicUrl}/contracts/on-phone#${token}`, expiresAt };
}

/** The phone's side: uses the link once and opens its contract-only session. */
export async function redeemHandoff(
  ctx: ContractsContext,
  token: string,
  requestId: string,
): Promise<RedeemedHandoff & { session: { token: string; csrfToken: string } }> {
  const now = ctx.clock();
  const iso = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('contract_handoffs')
      .set({ used_at: iso })
      .where('id', '=', handoffId(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', iso)
      .returning(['contract_id', 'user_id'])
      .executeTakeFirst();
    if (!used) throw new AppError('ERR_HANDOFF_INVALID');
    const session = await openContractSession(
      trx,
      { userId: used.user_id, contractId: used.contract_id, ttlMs: HANDOFF_SESSION_TTL_MS, requestId },
      now,
    );
    return { contractId: used.contract_id, session };
  });
}
