import { randomUUID } from 'node:crypto';
import { AppError } from '../../errors.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditWho, type SealActor } from '../seals/seals-context.ts';
import type { ApprovalsContext } from './approvals-context.ts';

/**
 * The physical seal of an approved request leaves its custodian: who took it, who handed it out,
 * when. A seal is out under one request at a time.
 */
export async function checkOutSeal(ctx: ApprovalsContext, who: SealActor, requestId: string): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('approval_requests')
      .select(['type', 'status', 'seal_id', 'requester_id'])
      .where('id', '=', requestId)
      .executeTakeFirst();
    if (!row) throw new AppError('ERR_NOT_FOUND', `request ${requestId} not found`);
    if (row.type !== 'seal.physicalUse' || row.status !== 'approved' || !row.seal_id) {
      throw new AppError('ERR_FLOW_STATE', 'only an approved physical-seal request is handed out');
    }
    const out = await trx
      .selectFrom('seal_custody')
      .select('request_id')
      .where('seal_id', '=', row.seal_id)
      .where('returned_at', 'is', null)
      .executeTakeFirst();
    if (out) throw new AppError('ERR_FLOW_STATE', `the seal is out under request ${out.request_id}`);
    await trx
      .insertInto('seal_custody')
      .values({
        id: randomUUID(),
        seal_id: row.seal_id,
        request_id: requestId,
        taken_by: row.requester_id,
        taken_at: now,
        handed_out_by: who.userId,
        returned_at: null,
        received_by: null,
      })
      .execute();
    await appendAudit(
      trx,
      {
        ...auditWho(who),
        action: 'seal.checkout',
        object: `seal:${row.seal_id}/request:${requestId}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
  });
}

/** The seal comes back: the request completes. */
export async function returnSeal(ctx: ApprovalsContext, who: SealActor, requestId: string): Promise<void> {
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const custody = await trx
      .selectFrom('seal_custody')
      .select(['id', 'seal_id'])
      .where('request_id', '=', requestId)
      .where('returned_at', 'is', null)
      .executeTakeFirst();
    if (!custody) throw new AppError('ERR_FLOW_STATE', 'the seal is not out under this request');
    await trx
      .updateTable('seal_custody')
      .set({ returned_at: now, received_by: who.userId })
      .where('id', '=', custody.id)
      .execute();
    await trx
      .updateTable('approval_requests')
      .set((eb) => ({
        status: 'completed',
        completed_at: now,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', requestId)
      .execute();
    await appendAudit(
      trx,
      {
        ...auditWho(who),
        action: 'seal.return',
        object: `seal:${custody.seal_id}/request:${requestId}`,
        outcome: 'success',
      },
      { clock: ctx.clock },
    );
  });
}
