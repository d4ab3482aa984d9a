// An organisation party stamps through the seal step: its authority (the initiator's grant for
// contracts), risk rules, the ledger row and audit entry; the contract moves on in the ledger's own
// transaction, so a stamp and the contract's new state are kept together or not at all.
import type { ContractDetail } from '@openseal/contract';
import { useSeal } from '../sealing/seal-step.ts';
import { partyPlacement, signingDateMarks } from './contract-placement.ts';
import { assertOpen, readyPartyOf, recordSignedStep } from './contract-progress.ts';
import { contractDetail, contractFor } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';
import { recentFiles } from './recent-files.ts';

export async function sealContractParty(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  partyId: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'organization', partyId);
  const fromSha256 = loaded.contract.current_sha256;
  const pdf = await recentFiles(ctx.files).get(fromSha256);
  await useSeal(ctx.seals, {
    sealId: party.seal_id!,
    pdf,
    placement: partyPlacement(party, pdf, 130),
    marks: signingDateMarks(party, now, ctx.timeZone),
    documentType: 'contract',
    purpose: `合同 / Contract: ${loaded.contract.title}`,
    actor: who,
    keepIn: recentFiles(ctx.files),
    withinTransaction: async (trx, toSha256) => {
      await recordSignedStep(trx, {
        loaded,
        party,
        fromSha256,
        toSha256,
        kind: 'sealed',
        who,
        at: now,
        detail: party.name,
      });
    },
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}
