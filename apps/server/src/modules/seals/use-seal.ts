import { createHash, randomUUID } from 'node:crypto';
import {
  type DocumentType,
  MAX_SEAL_PDF_BYTES,
  type SealAppearanceSpec,
  type SealPlacement,
  type SealWarning,
} from '@openseal/contract';
import {
  AppearanceError,
  extractText,
  PdfDocument,
  PdfError,
  SignError,
  sign,
  signingState,
  TextExtractError,
} from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { evaluateUseRisk } from '../risk/evaluate-use-risk.ts';
import { evaluateQuotaRisk } from '../risk/quota.ts';
import { recordRiskFindings } from '../risk/risk-alerts.ts';
import { riskBlockedError, riskBlocks } from '../risk/risk-finding.ts';
import { refuseActiveContent } from './active-content-policy.ts';
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
  /**
   * An approved seal-use request (用印申请) this use is stamped under: the approval is the
   * authorisation, so no grant is needed. The caller checked the request and its file.
   */
  requestId?: string;
  /** Runs inside the ledger transaction (the request's copy count), after the seal's checks. */
  withinTransaction?: (trx: Kysely<Database>) => Promise<void>;
  /**
   * Keeps the sealed file here (by its SHA-256) before the ledger row is written, so every row of a
   * request's stamping names a file that can be downloaded again.
   */
  keepIn?: FileStore;
}

export interface SealedDocument {
  pdf: Uint8Array;
  sha256: string;
  ledgerId: string;
  /** What a validator may hold against the sealed file (contract SEAL_WARNINGS). */
  warnings: SealWarning[];
}

/**
 * seal.use: the only path to a seal's private key (DESIGN, trust model). Checks the seal is active
 * and a current grant covers the actor and the document type, opens the key (decrypted envelope or
 * PKCS#11 token), signs at PAdES B-T with the seal's appearance, then writes the ledger row and the
 * audit entry in one transaction. Signing happens
 * outside that transaction so a slow TSA does not hold the database's write lock; the transaction
 * re-checks the status, so a seal suspended meanwhile yields no sealed file.
 */
const GRANT_REFUSALS: ReadonlySet<string> = new Set([
  'ERR_SEAL_NOT_GRANTED',
  'ERR_SEAL_DOCUMENT_TYPE',
  'ERR_SEAL_QUOTA_EXHAUSTED',
]);

export async function useSeal(ctx: SealsContext, req: UseSealRequest): Promise<SealedDocument> {
  const { db } = ctx;
  const seal = await db
    .selectFrom('seals')
    .select([
      'id',
      'owner_unit_id',
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
    await db.transaction().execute(async (trx) => {
      await appendAudit(
        trx,
        {
          ...auditWho(req.actor),
          action: 'seal.use',
          object: `seal:${req.sealId}`,
          // Denied: the actor lacked the right; failure: the seal could not be used by anyone.
          outcome: GRANT_REFUSALS.has(code) ? 'denied' : 'failure',
        },
        { clock: ctx.clock },
      );
      if (code === 'ERR_SEAL_QUOTA_EXHAUSTED') {
        const findings = await evaluateQuotaRisk(trx, { outcome: 'refused' });
        await recordRiskFindings(
          trx,
          findings,
          { actor: auditWho(req.actor), sealId: req.sealId, userId: req.actor.userId },
          ctx.clock,
        );
      }
    });
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
  const decision = req.requestId
    ? ({ ok: true, grantId: null } as const)
    : decideUse(
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
  try {
    refuseActiveContent(PdfDocument.parse(req.pdf));
  } catch (e) {
    if (e instanceof PdfError)
      throw new AppError('ERR_SEAL_DOCUMENT_INVALID', `cannot seal this file: ${e.code}`);
    throw e;
  }

  // Risk rules before the key is touched: a blocking rule refuses the use, the others only warn.
  const text = () =>
    extractText(req.pdf).catch((e: unknown) => {
      if (e instanceof TextExtractError) return null;
      throw e;
    });
  const findings = await evaluateUseRisk(db, {
    sealId: seal.id,
    userId: req.actor.userId,
    unitId: holderUnit,
    sealOwnerUnitId: seal.owner_unit_id,
    documentType: req.documentType,
    text,
    now,
    stage: 'stamping',
    ...(ctx.timeZone ? { timeZone: ctx.timeZone } : {}),
    ...(req.requestId ? { requestId: req.requestId } : {}),
  });
  const riskCtx = {
    actor: auditWho(req.actor),
    sealId: seal.id,
    userId: req.actor.userId,
    requestId: req.requestId ?? null,
  };
  const blocking = riskBlocks(findings);
  if (blocking.length > 0) {
    // Committed before refusing: throwing inside the transaction would roll the alerts back.
    await db.transaction().execute(async (trx) => {
      await recordRiskFindings(trx, findings, riskCtx, ctx.clock);
      await appendAudit(
        trx,
        { ...auditWho(req.actor), action: 'seal.use', object: `seal:${seal.id}`, outcome: 'denied' },
        { clock: ctx.clock },
      );
    });
    throw riskBlockedError(blocking);
  }

  const certificate = Certificate.fromDer(seal.certificate);
  // The built-in chain goes with its own certificates; an imported one's verifier brings its CA.
  const chain = certificate.isIssuedBy(pki.issuing.certificate)
    ? [pki.issuing.certificate, pki.root.certificate]
    : [];
  const image = seal.image && seal.image_type ? { bytes: seal.image, mediaType: seal.image_type } : null;
  const signer = openSealSigner(ctx, seal);
  let sealed: Uint8Array;
  const warnings: SealWarning[] = [];
  try {
    // A seal-use stamp cannot foresee a field a certifier reserved for it, so it adds one; on a
    // certified file (P=1 is refused by sign()) that reads as a change after certifying.
    const { certification } = signingState(req.pdf);
    if (certification === 2 || certification === 3) warnings.push('new-field-after-certification');
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
  // Stored first: a crash before the commit leaves an unreferenced file, never a row without its file.
  await req.keepIn?.put(sealed);
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
    if (decision.grantId) {
      const counted = await trx
        .updateTable('seal_grants')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', decision.grantId)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .executeTakeFirst();
      if (Number(counted.numUpdatedRows) !== 1) {
        throw new AppError('ERR_SEAL_QUOTA_EXHAUSTED', 'the grant was used up or withdrawn meanwhile');
      }
    }
    await req.withinTransaction?.(trx);
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
        request_id: req.requestId ?? null,
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
    await recordRiskFindings(trx, findings, { ...riskCtx, documentSha256: sha256 }, ctx.clock);
    if (decision.grantId) {
      const quota = await evaluateQuotaRisk(trx, { outcome: 'counted', grantId: decision.grantId });
      await recordRiskFindings(trx, quota, riskCtx, ctx.clock);
    }
  });
  return { pdf: sealed, sha256, ledgerId, warnings };
}
