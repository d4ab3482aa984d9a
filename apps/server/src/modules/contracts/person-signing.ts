// A person signs with a key only they hold. Three requests: the key is certified (its request signed
// by itself, the subject from the signed-in account); the signature is placed and the bytes the key
// signs are handed out, the prepared file kept; the signature value comes back and is checked against
// the certificate before it is embedded, timestamped. The server never sees the private key.
import type {
  ContractDetail,
  PreparedSignature as PreparedAnswer,
  PrepareSignatureBody,
  SignerCertificate,
} from '@openseal/contract';
import { completeSignature, type PreparedSignature, prepareSignature, SignError } from '@openseal/pdf-sign';
import { ecdsaRawToDer, formatName } from '@openseal/pki';
import { groupCommit } from '../../db/group-commit.ts';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { findAccount } from '../auth/accounts.ts';
import { sealCertificates } from '../sealing/seal-certificates.ts';
import { unsealableDocument } from '../sealing/sealing-errors.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import { auditWho } from '../seals/seals-context.ts';
import { auditContract, recordConsent, recordContractEvent } from './contract-events.ts';
import { partyPlacement, signingDateMarks } from './contract-placement.ts';
import { assertIdentity, assertOpen, readyPartyOf, recordSignedStep } from './contract-progress.ts';
import { contractDetail, contractFor, type LoadedContract, type PartyRow } from './contract-reads.ts';
import type { ContractActor, ContractsContext } from './contracts-context.ts';
import { recentFiles } from './recent-files.ts';
import { signatureAppearance } from './signature-appearance.ts';
import { certifySignerKey, signerCertificateOf } from './signer-certificates.ts';

const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const toBase64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** Step 1: the signer's key certified for them (after the identity check: the signed-in account). */
export async function certifyKeyForContract(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  csrBase64: string,
): Promise<SignerCertificate> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  assertOpen(loaded, ctx.clock());
  const party = signerHeldParty(loaded, who.userId);
  assertIdentity(party);
  const account = await findAccount(ctx.db, who.userId);
  if (!account) throw new AppError('ERR_NOT_FOUND', 'the signer has no account');
  const issued = await certifySignerKey(ctx, account, fromBase64(csrBase64));
  if (issued.fresh) {
    await groupCommit(ctx.db).run(async (trx) => {
      await recordContractEvent(trx, {
        contractId,
        kind: 'certificate-issued',
        who,
        partyId: party.id,
        documentSha256: loaded.contract.current_sha256,
        detail: `${issued.subject} · serial ${issued.certificate.serialHex}`,
        at: ctx.clock(),
      });
      await appendAudit(
        trx,
        {
          ...auditWho(who),
          action: 'contract.certify-key',
          object: `certificate:${issued.certificate.serialHex}`,
          outcome: 'success',
        },
        { clock: ctx.clock },
      );
    });
  }
  return {
    certificate: toBase64(issued.certificate.der),
    subject: issued.subject,
    notAfter: issued.certificate.notAfter.toISOString(),
  };
}

/** What is kept on the party row between prepare and complete. */
interface KeptPreparation {
  baseSha256: string;
  contentsStart: number;
  contentsEnd: number;
  toBeSigned: string;
  documentDigest: string;
  level: PreparedSignature['level'];
  certificate: string;
  chain: string[];
  subject: string;
  keyType: 'ec' | 'rsa';
}

/** Step 2: the signature placed on the current file; answers the bytes the key signs. */
export async function prepareContractSignature(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  body: PrepareSignatureBody,
): Promise<PreparedAnswer> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  assertOpen(loaded, ctx.clock());
  const party = signerHeldParty(loaded, who.userId);
  const certificate = await signerCertificateOf(ctx.db, who.userId, fromBase64(body.certificate));
  if (!certificate)
    throw new AppError('ERR_SIGNER_KEY_INVALID', 'the certificate was not issued to you by this server');
  if (certificate.keyType !== 'ec' && certificate.keyType !== 'rsa')
    throw new AppError('ERR_SIGNER_KEY_INVALID', 'the key is neither ECDSA nor RSA');
  const { chain } = sealCertificates(sealPkis(ctx.seals), certificate.der);
  const pdf = await recentFiles(ctx.files).get(loaded.contract.current_sha256);
  const account = await findAccount(ctx.db, who.userId);
  let prepared: PreparedSignature;
  try {
    prepared = await prepareSignature(
      pdf,
      { certificate, chain, keyType: certificate.keyType, digestAlgorithm: 'sha256' },
      {
        level: 'B-T',
        seal: signatureAppearance(body.appearance, account?.displayName ?? who.actor),
        placement: partyPlacement(party, pdf, 110),
        marks: signingDateMarks(party, ctx.clock(), ctx.timeZone),
        reason: `签署合同 / Signing the contract: ${loaded.contract.title}`,
        name: account?.displayName ?? who.actor,
        clock: ctx.clock,
      },
    );
  } catch (e) {
    throw unsealableDocument(e);
  }
  const preparedSha256 = await recentFiles(ctx.files).put(prepared.file);
  const kept: KeptPreparation = {
    baseSha256: loaded.contract.current_sha256,
    contentsStart: prepared.contentsStart,
    contentsEnd: prepared.contentsEnd,
    toBeSigned: toBase64(prepared.toBeSigned),
    documentDigest: toBase64(prepared.documentDigest),
    level: prepared.level,
    certificate: toBase64(prepared.certificate),
    chain: prepared.chain.map(toBase64),
    subject: formatName(certificate.subject),
    keyType: certificate.keyType,
  };
  await groupCommit(ctx.db).run(async (trx) => {
    await trx
      .updateTable('contract_parties')
      .set({ prepared: JSON.stringify(kept), prepared_sha256: preparedSha256 })
      .where('id', '=', party.id)
      .execute();
    await recordConsent(trx, {
      contractId,
      partyId: party.id,
      who,
      sha256: kept.baseSha256,
      at: ctx.clock(),
    });
  });
  // A signature prepared before and never completed is replaced: its file goes.
  if (party.prepared_sha256 && party.prepared_sha256 !== preparedSha256)
    await recentFiles(ctx.files).remove(party.prepared_sha256);
  return { toBeSigned: kept.toBeSigned, hash: 'SHA-256' };
}

/** Step 3: the signature value embedded, once it verifies under the certificate; the turn passes on. */
export async function completeContractSignature(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  signatureBase64: string,
): Promise<ContractDetail> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = signerHeldParty(loaded, who.userId);
  if (!party.prepared || !party.prepared_sha256) throw new AppError('ERR_CONTRACT_NOT_PREPARED');
  const kept = JSON.parse(party.prepared) as KeptPreparation;
  if (kept.baseSha256 !== loaded.contract.current_sha256) throw new AppError('ERR_CONTRACT_NOT_PREPARED');
  if (!ctx.seals.timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const prepared: PreparedSignature = {
    file: await recentFiles(ctx.files).get(party.prepared_sha256),
    contentsStart: kept.contentsStart,
    contentsEnd: kept.contentsEnd,
    toBeSigned: fromBase64(kept.toBeSigned),
    documentDigest: fromBase64(kept.documentDigest),
    level: kept.level,
    certificate: fromBase64(kept.certificate),
    chain: kept.chain.map(fromBase64),
  };
  let signed: Uint8Array;
  try {
    signed = await completeSignature(prepared, signatureValueDer(kept.keyType, fromBase64(signatureBase64)), {
      timestamper: ctx.seals.timestamper,
    });
  } catch (e) {
    if (e instanceof SignError && e.code === 'ERR_SIGN_BAD_SIGNATURE')
      throw new AppError('ERR_CONTRACT_SIGNATURE_INVALID', e.message);
    if (e instanceof SignError && e.code === 'ERR_SIGN_PREPARED_CHANGED')
      throw new AppError('ERR_CONTRACT_NOT_PREPARED', e.message);
    throw unsealableDocument(e);
  }
  const toSha256 = await recentFiles(ctx.files).put(signed);
  await groupCommit(ctx.db).run(async (trx) => {
    await recordSignedStep(trx, {
      loaded,
      party,
      fromSha256: kept.baseSha256,
      toSha256,
      kind: 'signed',
      who,
      at: now,
      certificateSubject: kept.subject,
      detail: CUSTODY_WORDS[party.custody === 'token' ? 'token' : 'browser'],
    });
    await auditContract(trx, ctx.clock, who, 'contract.sign', contractId);
  });
  await recentFiles(ctx.files).remove(party.prepared_sha256);
  return contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
}

/** The evidence's words for where the key that signed is held. */
const CUSTODY_WORDS = {
  browser:
    "本人持有的密钥：签署人浏览器中不可导出的密钥 / signer-held key: non-extractable WebCrypto key in the signer's browser",
  token:
    "本人持有的密钥：签署人的 UKey（经本机助手）/ signer-held key: hardware token (UKey) through the signer's local helper",
} as const;

/** The caller's party that signs now with a key they hold (browser or token custody). */
function signerHeldParty(loaded: LoadedContract, userId: string): PartyRow {
  const party = readyPartyOf(loaded, userId, 'person');
  if (party.custody === 'event')
    throw new AppError('ERR_CONTRACT_CUSTODY', 'this party signs with an event certificate');
  return party;
}

/** WebCrypto answers ECDSA as r‖s (IEEE P1363), which CMS carries as DER; RSA's value is the same in both. */
function signatureValueDer(keyType: 'ec' | 'rsa', value: Uint8Array): Uint8Array {
  if (keyType === 'rsa') return value;
  try {
    return ecdsaRawToDer(value);
  } catch {
    throw new AppError(
      'ERR_CONTRACT_SIGNATURE_INVALID',
      `an ECDSA signature of ${value.length} bytes is not r‖s`,
    );
  }
}
