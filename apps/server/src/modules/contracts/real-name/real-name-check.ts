// The contract step of a real-name check: the ready person gives their name and ID number; the name
// must be their account's, the provider must confirm the elements; every attempt is an event, and a
// pass is kept on the party (masked) so that their key can then be certified. When the provider
// offers a face check, the check passes only with it: the first answer says `next: 'face'`, and the
// person sends the same elements again with a camera photo, which is checked, hashed and dropped.
// Nothing is kept between the two steps, so one request always carries the whole proof.
import type { RealNameBody, RealNameOutcome } from '@openseal/contract';
import { AppError } from '../../../errors.ts';
import { findAccount } from '../../auth/accounts.ts';
import { auditContract, recordContractEvent } from '../contract-events.ts';
import { assertOpen, readyPartyOf } from '../contract-progress.ts';
import { contractDetail, contractFor } from '../contract-reads.ts';
import type { ContractActor, ContractsContext } from '../contracts-context.ts';
import { type FaceAnswer, faceCheckOf, maskIdNumber, type RealNameAnswer } from './real-name-provider.ts';
import { readSelfie, type Selfie } from './selfie-image.ts';

/** Real-name checks one party may make on one contract. */
const MAX_TRIES = 5;

/** What a passed check leaves on the party row (contract_parties.identity_check). */
export interface RealNameRecord {
  provider: string;
  method: string;
  /** Every check that passed: 'name+ID', 'phone' when given, the face check's label when made. */
  checks: string[];
  reference: string;
  maskedIdNumber: string;
  /** The face step, when the provider offers it; the photo itself is never kept. */
  face?: {
    label: string;
    liveness: FaceAnswer['liveness'];
    match: FaceAnswer['match'];
    score?: number;
    threshold?: number;
    reference: string;
    selfieSha256: string;
  };
  at: string;
}

/** The event's words for one attempt (the ID number masked, the photo only by hash). */
function attemptWords(
  providerName: string,
  idNumber: string,
  elements: RealNameAnswer | undefined,
  face: { answer: FaceAnswer; selfie: Selfie } | undefined,
  faceNext: boolean,
): string {
  if (!elements) return `${maskIdNumber(idNumber)} · the name is not the account's`;
  const parts = [
    providerName,
    `姓名+身份证号 name+ID${elements.method === 'three-element' ? ' + 手机 phone' : ''} (${elements.method}) ${elements.passed ? '✓' : '✗'}`,
    maskIdNumber(idNumber),
    `ref ${elements.reference}`,
  ];
  if (face) {
    const { answer, selfie } = face;
    const score =
      answer.score === undefined
        ? ''
        : ` · score ${answer.score}${answer.threshold === undefined ? '' : `/${answer.threshold}`}`;
    parts.push(
      `人脸 ${answer.label} ${answer.passed ? '✓' : '✗'} · liveness ${answer.liveness} · match ${answer.match}${score}`,
      `ref ${answer.reference}`,
      `photo SHA-256 ${selfie.sha256}`,
    );
  }
  if (faceNext) parts.push('待人脸核验 face check next');
  return parts.join(' · ');
}

export async function checkRealName(
  ctx: ContractsContext,
  who: ContractActor,
  contractId: string,
  body: RealNameBody,
): Promise<RealNameOutcome> {
  const loaded = await contractFor(ctx.db, contractId, who.userId);
  const now = ctx.clock();
  assertOpen(loaded, now);
  const party = readyPartyOf(loaded, who.userId, 'person');
  if (party.identity !== 'real-name')
    throw new AppError('ERR_VALIDATION', 'this contract asks for no real-name check', ['identity']);
  const provider = ctx.realName;
  if (!provider) throw new AppError('ERR_IDENTITY_NOT_VERIFIED', 'no real-name provider is configured');
  const checkFace = faceCheckOf(provider);
  // A photo that is no usable image changes nothing and costs no try.
  const selfie = body.face ? readSelfie(body.face) : undefined;
  if (selfie && !checkFace)
    throw new AppError('ERR_VALIDATION', 'the real-name provider offers no face check', ['face']);
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
  const account = await findAccount(ctx.db, who.userId);
  const name = body.name.trim();
  const idNumber = body.idNumber.toUpperCase();
  const sameName = account?.displayName.trim() === name;
  const elements = sameName
    ? await provider.check({ name, idNumber, ...(body.phone ? { phone: body.phone } : {}) })
    : undefined;
  const face =
    elements?.passed && selfie && checkFace
      ? {
          selfie,
          answer: await checkFace({ name, idNumber, image: selfie.bytes, mediaType: selfie.mediaType }),
        }
      : undefined;
  const faceNext = elements?.passed === true && checkFace !== undefined && !face;
  const passed = elements?.passed === true && (!checkFace || face?.answer.passed === true);
  await ctx.db.transaction().execute(async (trx) => {
    if (passed && elements) {
      const record: RealNameRecord = {
        provider: provider.name,
        method: elements.method,
        checks: [
          'name+ID',
          ...(elements.method === 'three-element' ? ['phone'] : []),
          ...(face ? [face.answer.label] : []),
        ],
        reference: elements.reference,
        maskedIdNumber: maskIdNumber(idNumber),
        ...(face
          ? {
              face: {
                label: face.answer.label,
                liveness: face.answer.liveness,
                match: face.answer.match,
                ...(face.answer.score === undefined ? {} : { score: face.answer.score }),
                ...(face.answer.threshold === undefined ? {} : { threshold: face.answer.threshold }),
                reference: face.answer.reference,
                selfieSha256: face.selfie.sha256,
              },
            }
          : {}),
        at: now.toISOString(),
      };
      await trx
        .updateTable('contract_parties')
        .set({ identity_check: JSON.stringify(record) })
        .where('id', '=', party.id)
        .execute();
    }
    const verdict = passed ? '通过 passed' : faceNext ? '部分通过 elements passed' : '未通过 not passed';
    await recordContractEvent(trx, {
      contractId,
      kind: 'identity-checked',
      who,
      partyId: party.id,
      documentSha256: loaded.contract.current_sha256,
      detail: `${verdict} · ${attemptWords(provider.name, idNumber, elements, face, faceNext)}`,
      at: now,
    });
    await auditContract(
      trx,
      ctx.clock,
      who,
      'contract.identity',
      contractId,
      passed || faceNext ? 'success' : 'denied',
    );
  });
  if (!elements?.passed)
    throw new AppError(
      'ERR_IDENTITY_NOT_VERIFIED',
      elements?.reason ?? 'the name is not the account holder’s',
    );
  if (face && !face.answer.passed)
    throw new AppError('ERR_IDENTITY_FACE_NOT_VERIFIED', face.answer.reason ?? 'the face check did not pass');
  const detail = await contractDetail(ctx.db, await contractFor(ctx.db, contractId, who.userId), who.userId);
  return faceNext ? { ...detail, next: 'face' } : detail;
}
