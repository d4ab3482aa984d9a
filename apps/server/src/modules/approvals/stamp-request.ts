import { createHash } from 'node:crypto';
import type { DocumentType, SealPlacement } from '@openseal/contract';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../plugins/session.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { type SealedDocument, useSeal } from '../sealing/seal-step.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import type { ApprovalsContext } from './approvals-context.ts';
import { readableRequest } from './requests-service.ts';

interface UsePayload {
  documentType: DocumentType;
  purpose: string;
  copies: number;
  placement: SealPlacement;
}

/**
 * Stamps one copy of an approved seal-use request, by its requester: the stored approved file, or the
 * caller's copy of it. Either way the bytes must hash to what was approved (文件比对); a different file
 * is refused and the attempt recorded. The copy is counted in the ledger's transaction, and the
 * request completes with its last copy. The sealed file is kept, so it can be downloaded again.
 */
export async function stampRequest(
  ctx: ApprovalsContext,
  who: SealActor,
  actor: Actor,
  id: string,
  /** The caller's copy of the approved file; absent: the stored approved file. */
  copy: Buffer | undefined,
  onMismatch: (details: {
    requestId: string;
    sealId: string;
    expected: string;
    got: string;
  }) => Promise<void>,
): Promise<SealedDocument> {
  const row = await readableRequest(ctx, actor, id);
  if (row.type !== 'seal.use' || !row.seal_id)
    throw new AppError('ERR_FLOW_STATE', 'only a seal-use request is stamped');
  if (row.requester_id !== who.userId) throw new AppError('ERR_FLOW_NOT_REQUESTER');
  if (row.status !== 'approved')
    throw new AppError(row.status === 'completed' ? 'ERR_REQUEST_COPIES_USED' : 'ERR_FLOW_STATE');
  const payload = JSON.parse(row.payload) as UsePayload;
  const approved = await ctx.db
    .selectFrom('approval_files')
    .select('sha256')
    .where('request_id', '=', id)
    .orderBy('round', 'desc')
    .executeTakeFirstOrThrow();
  const pdf = copy ?? (await ctx.files.get(approved.sha256));
  const got = createHash('sha256').update(pdf).digest('hex');
  if (got !== approved.sha256) {
    await appendAudit(
      ctx.db,
      {
        ...auditWho(who),
        action: 'request.stamp',
        object: `seal:${row.seal_id}/request:${id}`,
        outcome: 'denied',
      },
      { clock: ctx.clock },
    );
    await onMismatch({ requestId: id, sealId: row.seal_id, expected: approved.sha256, got });
    throw new AppError('ERR_REQUEST_FILE_MISMATCH');
  }
  return useSeal(ctx.seals, {
    sealId: row.seal_id,
    pdf,
    placement: payload.placement,
    documentType: payload.documentType,
    purpose: payload.purpose,
    actor: who,
    requestId: id,
    keepIn: ctx.files,
    withinTransaction: async (trx) => {
      const now = ctx.clock().toISOString();
      const counted = await trx
        .updateTable('approval_requests')
        .set((eb) => ({ stamped: eb('stamped', '+', 1), version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .where('stamped', '<', payload.copies)
        .executeTakeFirst();
      if (Number(counted.numUpdatedRows) !== 1) throw new AppError('ERR_REQUEST_COPIES_USED');
      await trx
        .updateTable('approval_requests')
        .set({ status: 'completed', completed_at: now })
        .where('id', '=', id)
        .where('stamped', '>=', payload.copies)
        .execute();
    },
  });
}
