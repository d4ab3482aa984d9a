// 事件证书: for low-assurance contracts the platform signs for the person with a key made for this one
// signature: generated in memory, certified for the signed-in person, used once, never stored, and
// dropped when the request ends. The evidence and the certificate's subject say so. The certificate
// keeps the usual validity although its key is gone: pdfsig and NSS judge a certificate at the time
// of reading, so a one-day certificate would read as expired the next day.
import { generateKeyPairSync } from 'node:crypto';
import type { ContractDetail, EventSignatureBody } from '@openseal/contract';
import { sign } from '@openseal/pdf-sign';
import { formatName, softwareSigner } from '@openseal/pki';
import { groupCommit } from '../../db/group-commit.ts';
import { AppError } from '../../errors.ts';
import { findAccount } from '../auth/accounts.ts';
import { sealCertificates } from '../sealing/seal-certificates.ts';
import { unsealableDocument } from '../sealing/sealing-errors.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import { auditContract, recordConsent } from './contract-events.ts';
import { partyPlacement, signingDateMarks } from './contract-placement.ts';
import { assertIdentity, assertOpen, readyPartyOf, recordSignedStep } from './contract-progress.ts';
import { contractDetail, contractFor } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';
import { recentFiles } from './recent-files.ts';
import { signatureAppearance } from './signature-appearance.ts';
import { personSubject } from './signer-certificates.ts';

export const EVENT_CERTIFICATE_WORDS =
  '事件证书：平台为本次签署生成的一次性密钥，用后即弃 / event certificate: one-time key made by the platform for this signature, used once and discarded';

export async function signWithEventCertificate(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  body: EventSignatureBody,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'person');
  if (party.custody !== 'event')
    throw new AppError('ERR_CONTRACT_CUSTODY', 'this party signs with a key they hold');
  assertIdentity(party);
  const { pki, timestamper } = ctx.seals;
  if (!pki || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const account = await findAccount(ctx.db, who.userId);
  if (!account) throw new AppError('ERR_NOT_FOUND', 'the signer has no account');

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subject = await personSubject(ctx.db, account, 'event');
  const certificate = await pki.issue({ profile: 'person', event: true, subject, publicKey, now });
  const fromSha256 = loaded.contract.current_sha256;
  const pdf = await recentFiles(ctx.files).get(fromSha256);
  let signed: Uint8Array;
  try {
    signed = await sign(
      pdf,
      { signer: softwareSigner(privateKey), ...sealCertificates(sealPkis(ctx.seals), certificate.der) },
      {
        level: 'B-T',
        timestamper,
        seal: signatureAppearance(body.appearance, account.displayName),
        placement: partyPlacement(party, pdf, 110),
        marks: signingDateMarks(party, now, ctx.timeZone),
        reason: `签署合同 / Signing the contract: ${loaded.contract.title}`,
        name: account.displayName,
        clock: ctx.clock,
      },
    );
  } catch (e) {
    throw unsealableDocument(e);
  }
  const toSha256 = await recentFiles(ctx.files).put(signed);
  await groupCommit(ctx.db).run(async (trx) => {
    await recordConsent(trx, { contractId, partyId: party.id, who, sha256: fromSha256, at: now });
    await recordSignedStep(trx, {
      loaded,
      party,
      fromSha256,
      toSha256,
      kind: 'signed',
      who,
      at: now,
      certificateSubject: formatName(certificate.subject),
      detail: `${EVENT_CERTIFICATE_WORDS} · serial ${certificate.serialHex}`,
    });
    await auditContract(trx, ctx.clock, who, 'contract.sign', contractId);
  });
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}
