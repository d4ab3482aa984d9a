// The contract step of a real-name check: the ready person gives their name and ID number; the name
// must be their account's, the provider must confirm the elements; every attempt is an event, and a
// pass is kept on the party (masked) so that their key can then be certified.
import type { ContractDetail, RealNameBody } from '@openseal/contract';
import { AppError } from '../../../errors.ts';
import { findAccount } from '../../auth/accounts.ts';
import { auditContract, recordContractEvent } from '../contract-events.ts';
import { assertOpen, readyPartyOf } from '../contract-progress.ts';
import { contractDetail, contractFor } from '../contract-reads.ts';
import type { ContractActor, ContractsContext } from '../contracts-context.ts';
import { maskIdNumber } from './real-name-provider.ts';

/** Real-name checks one party may make on one contract. */
const MAX_TRIES = 5;

/** What a passed check leaves on the party row (contract_parties.identity_check). */
export interface RealNameRecord {
  provider: string;
  method: string;
  reference: string;
  maskedIdNumber: string;
  at: string;
}

export async function checkRealName(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  body: RealNameBody,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'person');
  if (party.identity !== 'real-name')
    throw new AppError('ERR_VALIDATION', 'this contract asks for no real-name check', ['identity']);
  // Each check may cost the school a provider fee and tests a guess: a party gets a few tries.
  const tries = await ctx.db
    .selectFrom('contract_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contract_id', '=', contractId)
    .where('party_id', '=', party.id)
    .where('kind', '=', 'identity-checked')
    .executeTakeFirstOrThrow();
  if (Number(tries.n) >= MAX_TRIES)
    throw new AppError(
      'ERR_IDENTITY_TRIES_EXHAUSTED',
      `${MAX_TRIES} real-name checks were made on this contract`,
    );
  const provider = ctx.realName;
  if (!provider) throw new AppError('ERR_IDENTITY_NOT_VERIFIED', 'no real-name provider is configured');
  const account = await findAccount(ctx.db, who.userId);
  const idNumber = body.idNumber.toUpperCase();
  const sameName = account?.displayName.trim() === body.name.trim();
  const answer = sameName
    ? await provider.check({ name: body.name.trim(), idNumber, ...(body.phone ? { phone: body.phone } : {}) })
    : undefined;
  const passed = answer?.passed === true;
  const words = answer
    ? `${provider.name} · ${answer.method} · ${maskIdNumber(idNumber)} · ref ${answer.reference}`
    : `${maskIdNumber(idNumber)} · the name is not the account's`;
  await ctx.db.transaction().execute(async (trx) => {
    if (passed && answer) {
      const record: RealNameRecord = {
        provider: provider.name,
        method: answer.method,
        reference: answer.reference,
        maskedIdNumber: maskIdNumber(idNumber),
        at: now.toISOString(),
      };
      await trx
        .updateTable('contract_parties')
        .set({ identity_check: JSON.stringify(record) })
        .where('id', '=', party.id)
        .execute();
    }
    await recordContractEvent(trx, {
      contractId,
      kind: 'identity-checked',
      who,
      partyId: party.id,
      documentSha256: loaded.contract.current_sha256,
      detail: `${passed ? '通过 passed' : '未通过 not passed'} · ${words}`,
      at: now,
    });
    await auditContract(trx, ctx.clock, who, 'contract.identity', contractId, passed ? 'success' : 'denied');
  });
  if (!passed)
    throw new AppError('ERR_IDENTITY_NOT_VERIFIED', answer?.reason ?? 'the name is not the account holder’s');
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}
