// 催签: a person whose turn has waited a day without signing is reminded, once a day, until they sign,
// decline or the contract closes. The reminder is an event (kept as evidence, and read by the messages
// worker); organisations are not reminded: their initiator has the counter-sealing job and the list.

import { recordContractEvent } from './contract-events.ts';
import type { ContractsContext } from './contracts-context.ts';

export const REMIND_AFTER_MS = 24 * 3_600_000;
/** Parties looked at per run; the next run takes the rest. */
const BATCH = 500;

/** Records a reminder for every person whose turn has waited REMIND_AFTER_MS since it began or since the last reminder. */
export async function remindWaitingSigners(ctx: Pick<ContractsContext, 'db' | 'clock'>): Promise<number> {
  const now = ctx.clock();
  const due = new Date(now.getTime() - REMIND_AFTER_MS).toISOString();
  const waiting = await ctx.db
    .selectFrom('contract_parties')
    .innerJoin('contracts', 'contracts.id', 'contract_parties.contract_id')
    .select([
      'contract_parties.id as partyId',
      'contracts.id as contractId',
      'contracts.current_sha256 as sha256',
    ])
    .where('contract_parties.kind', '=', 'person')
    .where('contract_parties.status', '=', 'ready')
    .where('contracts.status', '=', 'signing')
    .where('contracts.updated_at', '<=', due)
    .where((eb) =>
      eb.or([eb('contracts.closes_at', 'is', null), eb('contracts.closes_at', '>', now.toISOString())]),
    )
    .limit(BATCH)
    .execute();
  let reminded = 0;
  for (const w of waiting) {
    // The turn began at the contract's last step (its updated_at); a reminder since then resets the day.
    const last = await ctx.db
      .selectFrom('contract_events')
      .select('at')
      .where('contract_id', '=', w.contractId)
      .where('kind', '=', 'reminded')
      .where('party_id', '=', w.partyId)
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last && last.at > due) continue;
    await recordContractEvent(ctx.db, {
      contractId: w.contractId,
      kind: 'reminded',
      who: 'system',
      partyId: w.partyId,
      documentSha256: w.sha256,
      at: now,
    });
    reminded++;
  }
  return reminded;
}
