import { createHash, randomUUID } from 'node:crypto';
import {
  type DocumentType,
  MAX_SEAL_PDF_BYTES,
  type SealAppearanceSpec,
  type SealPlacement,
} from '@openseal/contract';
import { AppearanceError, PdfError, SignError, sign } from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { decideUse } from './seal-grant-policy.ts';
import { loadGrantRules, loadHolder } from './seal-grants.ts';
import { engineSpec } from './seal-image.ts';
import { openSealSigner } from './seal-keys.ts';
import { usableStatus } from './seal-lifecycle.ts';
import { auditWho, type SealActor, type SealsContext } from './seals-context.ts';

export interface UseSealRequest {
  sealId: string;
  pdf: Uint8Array;
  placement: SealPlacement;
  documentType: DocumentType;
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
 * and a current grant covers the actor and the document type, opens the key (decrypted envelope or
 * PKCS#11 token), signs at PAdES B-T with the seal's appearance, then writes the ledger row and the
 * audit entry in one transaction. Signing happens
 * outside that transaction so a slow TSA does not hold the database's write lock; the transaction
 * re-checks the status, so a seal suspended meanwhile yields no sealed file.
 */
export async function useSeal(ctx: SealsContext, req: UseSealRequest): Promise<SealedDocument> {
  const { db } = ctx;
  const seal = await db
    .selectFrom('seals')
    .select([
      'id',
      'status',
      'physical',
      'seal_spec',
      'image',
      'image_type',
      'certificate',
      'key_store',
      'key_envelope',
    ])
    .where('id', '=', req.sealId)
    .executeTakeFirst();
  if (!seal) throw new AppError('ERR_NOT_FOUND', `seal ${req.sealId} not found`);
  const refuse = async (
    code:
      | 'ERR_SEAL_SUSPENDED'
      | 'ERR_SEAL_INACTIVE'
      | 'ERR_SEAL_NOT_GRANTED'
      | 'ERR_SEAL_DOCUMENT_TYPE'
      | 'ERR_SEAL_QUOTA_EXHAUSTED'
      | 'ERR_SEAL_PHYSICAL',
  ) => {
    await appendAudit(
      db,
      {
        ...auditWho(req.actor),
        action: 'seal.use',
        object: `seal:${req.sealId}`,
        outcome: code === 'ERR_SEAL_PHYSICAL' || code.startsWith('ERR_SEAL_S') ? 'failure' : 'denied',
      },
      { clock: ctx.clock },
    );
    return new AppError(code);
  };
  const usable = usableStatus(seal.status);
  if (!usable.ok) throw await refuse(usable.code);
  const now = ctx.clock();
  const { unit_id: holderUnit } = await db
    .selectFrom('users')
    .select('unit_id')
    .where('id', '=', req.actor.userId)
    .executeTakeFirstOrThrow();
  const decision = decideUse(
    await loadGrantRules(db, [seal.id]),
    await loadHolder(db, req.actor.userId),
    req.documentType,
    now,
  );
  if (!decision.ok) throw await refuse(decision.code);
  if (Number(seal.physical) === 1 || !seal.certificate || !seal.key_store)
    throw await refuse('ERR_SEAL_PHYSICAL');
  const { pki, timestamper } = ctx;
  if (!pki || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  if (req.pdf.length > MAX_SEAL_PDF_BYTES) throw new AppError('ERR_SEAL_DOCUMENT_TOO_LARGE');

  const certificate = Certificate.fromDer(seal.certificate);
  // The built-in chain goes with its own certificates; an imported one's verifier brings its CA.
  const chain = certificate.isIssuedBy(pki.issuing.certificate)
    ? [pki.issuing.certificate, pki.root.certificate]
    : [];
  const image = seal.image && seal.image_type ? { bytes: seal.image, mediaType: seal.image_type } : null;
  const signer = openSealSigner(ctx, seal);
  let sealed: Uint8Array;
  try {
    sealed = await sign(
      req.pdf,
      { signer, certificate, chain },
      {
        level: 'B-T',
        timestamper,
        seal: engineSpec(JSON.parse(seal.seal_spec) as SealAppearanceSpec, image),
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
  } finally {
    signer.close();
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
    // Counted here, atomically: two concurrent uses cannot both take a grant's last use.
    const counted = await trx
      .updateTable('seal_grants')
      .set((eb) => ({ uses: eb('uses', '+', 1) }))
      .where('id', '=', decision.grantId)
      .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) !== 1) {
      throw new AppError('ERR_SEAL_QUOTA_EXHAUSTED', 'the grant was used up or withdrawn meanwhile');
    }
    await trx
      .insertInto('sealed_documents')
      .values({
        id: ledgerId,
        sha256,
        seal_id: seal.id,
        actor: req.actor.actor,
        purpose: req.purpose,
        document_type: req.documentType,
        user_id: req.actor.userId,
        unit_id: holderUnit,
        grant_id: decision.grantId,
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
