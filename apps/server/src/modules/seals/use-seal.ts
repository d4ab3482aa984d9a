import { createHash, randomUUID } from 'node:crypto';
import { MAX_SEAL_PDF_BYTES, type SealAppearanceSpec, type SealPlacement } from '@openseal/contract';
import { AppearanceError, PdfError, SignError, sign } from '@openseal/pdf-sign';
import { Certificate, softwareSigner } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { decryptKeyEnvelope } from '../../plugins/keys.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { usableStatus } from './seal-lifecycle.ts';
import { auditWho, type SealActor, type SealsContext } from './seals-context.ts';

export interface UseSealRequest {
  sealId: string;
  pdf: Uint8Array;
  placement: SealPlacement;
  purpose: string;
  actor: SealActor;
}

export interface SealedDocument {
  pdf: Uint8Array;
  sha256: string;
  ledgerId: string;
}

/**
 * seal.use: the only path to a seal's private key (DESIGN, trust model). Checks the seal is active
 * and the actor holds a current grant, decrypts the key, signs at PAdES B-T with the seal's vector
 * appearance, then writes the ledger row and the audit entry in one transaction. Signing happens
 * outside that transaction so a slow TSA does not hold the database's write lock; the transaction
 * re-checks the status, so a seal suspended meanwhile yields no sealed file.
 */
export async function useSeal(ctx: SealsContext, req: UseSealRequest): Promise<SealedDocument> {
  const { db } = ctx;
  const seal = await db
    .selectFrom('seals')
    .select(['id', 'status', 'physical', 'seal_spec', 'certificate', 'key_envelope'])
    .where('id', '=', req.sealId)
    .executeTakeFirst();
  if (!seal) throw new AppError('ERR_NOT_FOUND', `seal ${req.sealId} not found`);
  const refuse = async (
    code: 'ERR_SEAL_SUSPENDED' | 'ERR_SEAL_INACTIVE' | 'ERR_SEAL_NOT_GRANTED' | 'ERR_SEAL_PHYSICAL',
  ) => {
    await appendAudit(
      db,
      {
        ...auditWho(req.actor),
        action: 'seal.use',
        object: `seal:${req.sealId}`,
        outcome: code === 'ERR_SEAL_NOT_GRANTED' ? 'denied' : 'failure',
      },
      { clock: ctx.clock },
    );
    return new AppError(code);
  };
  const usable = usableStatus(seal.status);
  if (!usable.ok) throw await refuse(usable.code);
  const now = ctx.clock();
  const grant = await db
    .selectFrom('seal_use_grants')
    .select('until')
    .where('seal_id', '=', req.sealId)
    .where('user_id', '=', req.actor.userId)
    .executeTakeFirst();
  if (!grant || (grant.until !== null && grant.until <= now.toISOString())) {
    throw await refuse('ERR_SEAL_NOT_GRANTED');
  }
  if (Number(seal.physical) === 1 || !seal.certificate || !seal.key_envelope)
    throw await refuse('ERR_SEAL_PHYSICAL');
  const { pki, kek, timestamper } = ctx;
  if (!pki || !kek || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  if (req.pdf.length > MAX_SEAL_PDF_BYTES) throw new AppError('ERR_SEAL_DOCUMENT_TOO_LARGE');

  const privateKey = decryptKeyEnvelope(kek, seal.key_envelope, seal.id);
  let sealed: Uint8Array;
  try {
    sealed = await sign(
      req.pdf,
      {
        signer: softwareSigner(privateKey),
        certificate: Certificate.fromDer(seal.certificate),
        chain: [pki.issuing.certificate, pki.root.certificate],
      },
      {
        level: 'B-T',
        timestamper,
        seal: JSON.parse(seal.seal_spec) as SealAppearanceSpec,
        placement: req.placement,
        reason: req.purpose,
        clock: ctx.clock,
      },
    );
  } catch (e) {
    if (e instanceof SignError || e instanceof PdfError || e instanceof AppearanceError) {
      throw new AppError('ERR_SEAL_DOCUMENT_INVALID', `cannot seal this file: ${e.code}`);
    }
    throw e;
  }

  const sha256 = createHash('sha256').update(sealed).digest('hex');
  const ledgerId = randomUUID();
  await db.transaction().execute(async (trx) => {
    const still = await trx
      .selectFrom('seals')
      .select('status')
      .where('id', '=', seal.id)
      .executeTakeFirstOrThrow();
    const ok = usableStatus(still.status);
    if (!ok.ok) throw new AppError(ok.code, 'the seal changed state while the file was being sealed');
    await trx
      .insertInto('sealed_documents')
      .values({
        id: ledgerId,
        sha256,
        seal_id: seal.id,
        actor: req.actor.actor,
        purpose: req.purpose,
        created_at: now.toISOString(),
      })
      .execute();
    await appendAudit(
      trx,
      {
        ...auditWho(req.actor),
        action: 'seal.use',
        object: `seal:${seal.id}/document:${ledgerId}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
  });
  return { pdf: sealed, sha256, ledgerId };
}
