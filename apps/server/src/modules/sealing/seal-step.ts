// The seal step for one document a caller brings (seal use, an approved request's stamping): resolve
// the seal -> check it is usable -> check the authority -> risk rules -> open the signer -> sign at
// PAdES B-T (a dual seal's SM2 signature beside) -> ledger row + audit entry in one transaction with
// the result.
import { createHash, randomUUID } from 'node:crypto';
import {
  type DocumentType,
  MAX_SEAL_PDF_BYTES,
  type SealAppearanceSpec,
  type SealPlacement,
  type SealWarning,
} from '@openseal/contract';
import {
  extractText,
  PdfDocument,
  type SignatureMark,
  signingState,
  TextExtractError,
} from '@openseal/pdf-sign';
import type { Kysely } from 'kysely';
import { groupCommit } from '../../db/group-commit.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { FileStore } from '../../plugins/file-store.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { findAccount } from '../auth/accounts.ts';
import { evaluateQuotaRisk } from '../risk/quota.ts';
import { knownAlerts, recordRiskFindings } from '../risk/risk-alerts.ts';
import { riskBlockedError, riskBlocks } from '../risk/risk-finding.ts';
import { refuseActiveContent } from '../seals/active-content-policy.ts';
import { engineSpec } from '../seals/seal-image.ts';
import { sealsForSigning } from '../seals/seal-use-rows.ts';
import { auditWho, type SealActor, type SealsContext } from '../seals/seals-context.ts';
import { sm3Hex } from './document-sm3.ts';
import { stillSealable, writeLedgerRows } from './ledger.ts';
import { decideAuthority, type SealAuthority, takeGrantUse } from './seal-authority.ts';
import { canSign, stateAllowsUse } from './sealable.ts';
import { refusalOutcome, type SealRefusal, unsealableDocument } from './sealing-errors.ts';
import { stampWithSeal } from './stamp-with-seal.ts';
import { evaluateUseRisk } from './use-risk.ts';

export interface UseSealRequest {
  sealId: string;
  pdf: Uint8Array;
  placement: SealPlacement;
  /** Further marks of the same signature, such as a contract party's signing date in its box. */
  marks?: readonly SignatureMark[];
  documentType: DocumentType;
  purpose: string;
  actor: SealActor;
  /**
   * An approved seal-use request (用印申请) this use is stamped under: the approval is the
   * authorisation, so no grant is needed. The caller checked the request and its file.
   */
  requestId?: string;
  /**
   * Runs inside the ledger transaction (a request's copy count, a contract's next state), after the
   * seal's checks, with the sealed file's SHA-256.
   */
  withinTransaction?: (trx: Kysely<Database>, sealedSha256: string) => Promise<void>;
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
 * seal.use: checks the seal is active and the caller's authority (a current grant covering the actor
 * and the document type, or the approved request), opens the key (decrypted envelope or PKCS#11
 * token), signs at PAdES B-T with the seal's appearance, then writes the ledger row and the audit
 * entry in one transaction. Signing happens outside that transaction so a slow TSA does not hold the
 * database's write lock; the transaction re-checks the status, so a seal suspended meanwhile yields
 * no sealed file. On SQLite that transaction shares its commit with the uses finishing beside it
 * (groupCommit).
 */
export async function useSeal(ctx: SealsContext, req: UseSealRequest): Promise<SealedDocument> {
  const { db } = ctx;
  const [seal] = await sealsForSigning(db, [req.sealId]);
  if (!seal) throw new AppError('ERR_NOT_FOUND', `seal ${req.sealId} not found`);
  const refuse = async (code: SealRefusal) => {
    await db.transaction().execute(async (trx) => {
      await appendAudit(
        trx,
        {
          ...auditWho(req.actor),
          action: 'seal.use',
          object: `seal:${req.sealId}`,
          outcome: refusalOutcome(code),
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
  const state = stateAllowsUse(seal);
  if (!state.ok) throw await refuse(state.code);
  const now = ctx.clock();
  const holder = await findAccount(db, req.actor.userId);
  if (!holder) throw new AppError('ERR_NOT_FOUND', `user ${req.actor.userId} not found`);
  const holderUnit = holder.unitId;
  const authority: SealAuthority = req.requestId
    ? { kind: 'request', requestId: req.requestId }
    : { kind: 'grant' };
  const decision = await decideAuthority(db, authority, {
    sealId: seal.id,
    userId: req.actor.userId,
    documentType: req.documentType,
    now,
  });
  if (!decision.ok) throw await refuse(decision.code);
  const signs = canSign(seal);
  if (!signs.ok || !seal.certificate) throw await refuse('ERR_SEAL_PHYSICAL');
  if (!ctx.pki || !ctx.timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  if (req.pdf.length > MAX_SEAL_PDF_BYTES) throw new AppError('ERR_SEAL_DOCUMENT_TOO_LARGE');
  let parsed: PdfDocument;
  try {
    parsed = PdfDocument.parse(req.pdf);
    refuseActiveContent(parsed);
  } catch (e) {
    throw unsealableDocument(e);
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

  const image = seal.image && seal.image_type ? { bytes: seal.image, mediaType: seal.image_type } : null;
  let sealed: Uint8Array;
  const warnings: SealWarning[] = [];
  try {
    // A seal-use stamp cannot foresee a field a certifier reserved for it, so it adds one; on a
    // certified file (P=1 is refused by sign()) that reads as a change after certifying.
    const { certification } = signingState(parsed);
    if (certification === 2 || certification === 3) warnings.push('new-field-after-certification');
    sealed = await stampWithSeal(ctx, seal, {
      pdf: req.pdf,
      seal: engineSpec(JSON.parse(seal.seal_spec) as SealAppearanceSpec, image),
      placement: req.placement,
      ...(req.marks ? { marks: req.marks } : {}),
      reason: req.purpose,
    });
  } catch (e) {
    throw unsealableDocument(e);
  }

  const sha256 = createHash('sha256').update(sealed).digest('hex');
  const sm3 = sm3Hex(sealed);
  // Stored first: a crash before the commit leaves an unreferenced file, never a row without its file.
  await req.keepIn?.put(sealed);
  const ledgerId = randomUUID();
  await groupCommit(db).run(async (trx) => {
    const still = await stillSealable(trx, [seal.id]);
    if (!still.ok) throw new AppError(still.code, 'the seal changed state while the file was being sealed');
    if (!(await takeGrantUse(trx, decision)))
      throw new AppError('ERR_SEAL_QUOTA_EXHAUSTED', 'the grant was used up or withdrawn meanwhile');
    await req.withinTransaction?.(trx, sha256);
    await writeLedgerRows(trx, {
      sha256,
      sm3,
      rows: [{ id: ledgerId, sealId: seal.id }],
      actor: req.actor,
      unitId: holderUnit,
      purpose: req.purpose,
      documentType: req.documentType,
      grantId: decision.grantId,
      requestId: req.requestId ?? null,
      at: now,
    });
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
    await recordRiskFindings(
      trx,
      findings,
      { ...riskCtx, documentSha256: sha256 },
      ctx.clock,
      knownAlerts(db),
    );
    if (decision.grantId) {
      const quota = await evaluateQuotaRisk(trx, { outcome: 'counted', grantId: decision.grantId });
      await recordRiskFindings(trx, quota, riskCtx, ctx.clock);
    }
  });
  return { pdf: sealed, sha256, ledgerId, warnings };
}
