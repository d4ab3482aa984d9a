// The batch worker: claims a queued batch (or one whose worker stopped: its heartbeat is old), seals
// its waiting files a few at a time through the seal step as the account, records each result, and
// when none is left completes the batch with its audit entry and a 'batch.completed' event (the
// webhook subscribers' signal) in one transaction. Claims are conditional updates, so two servers
// never work on one batch at once.

import { OpenSealError } from '@openseal/common';
import type { DocumentType, SealPlacement } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { serviceUsername } from '../auth/service-users.ts';
import { batchCompleted, recordEvent } from '../integrations/events/business-events.ts';
import { useSeal } from '../sealing/seal-step.ts';
import type { ServiceApiContext } from './service-api-context.ts';
import type { ServiceBatchRow } from './service-batches.ts';
import { type ServiceCaller, serviceActor } from './service-keys.ts';

/** A batch whose heartbeat is older than this lost its worker; another takes it up. */
export const BATCH_LEASE_MS = 60_000;
const PAGE = 64;

async function claimBatch(db: Kysely<Database>, now: Date): Promise<ServiceBatchRow | undefined> {
  const stale = new Date(now.getTime() - BATCH_LEASE_MS).toISOString();
  const candidates = await db
    .selectFrom('service_batches')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', stale)]),
      ]),
    )
    .orderBy('started_at')
    .limit(5)
    .execute();
  for (const batch of candidates) {
    const claimed = await db
      .updateTable('service_batches')
      .set({ status: 'running', heartbeat_at: now.toISOString() })
      .where('id', '=', batch.id)
      .where('status', '=', batch.status)
      .where('heartbeat_at', batch.heartbeat_at === null ? 'is' : '=', batch.heartbeat_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) return { ...batch, status: 'running' };
  }
  return undefined;
}

/** The account a batch acts as, read again when the batch is taken up (its scope may have changed). */
type CallerOfAccount = (accountId: string) => Promise<ServiceCaller | null>;

/** Seals one file and records how it went; a refusal is the file's result, not the batch's end. */
async function sealOne(
  ctx: ServiceApiContext,
  batch: ServiceBatchRow,
  caller: ServiceCaller | null,
  file: { seq: number; input_sha256: string },
): Promise<void> {
  let result: { status: 'sealed'; sha256: string; ledgerId: string } | { status: 'failed'; error: string };
  try {
    // The account may have been suspended or had the seal taken out of its scope since the start.
    if (!caller) result = { status: 'failed', error: 'ERR_SERVICE_ACCOUNT_INACTIVE' };
    else if (!caller.sealIds.includes(batch.seal_id))
      result = { status: 'failed', error: 'ERR_SERVICE_SCOPE_SEAL' };
    else {
      const sealed = await useSeal(ctx.seals, {
        sealId: batch.seal_id,
        pdf: await ctx.files.get(file.input_sha256),
        placement: JSON.parse(batch.placement) as SealPlacement,
        documentType: batch.document_type as DocumentType,
        purpose: batch.purpose,
        actor: serviceActor(caller, `batch:${batch.id}`),
        keepIn: ctx.files,
      });
      result = { status: 'sealed', sha256: sealed.sha256, ledgerId: sealed.ledgerId };
    }
  } catch (e) {
    if (!(e instanceof OpenSealError))
      ctx.log.error({ err: e, batch: batch.id, seq: file.seq }, 'batch file failed');
    result = { status: 'failed', error: e instanceof OpenSealError ? e.code : 'ERR_INTERNAL' };
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('service_batch_files')
      .set(
        result.status === 'sealed'
          ? { status: 'sealed', output_sha256: result.sha256, ledger_id: result.ledgerId }
          : { status: 'failed', error: result.error },
      )
      .where('batch_id', '=', batch.id)
      .where('seq', '=', file.seq)
      .where('status', '=', 'waiting')
      .execute();
    await trx
      .updateTable('service_batches')
      .set((eb) =>
        result.status === 'sealed'
          ? { sealed: eb('sealed', '+', 1), heartbeat_at: ctx.clock().toISOString() }
          : { failed: eb('failed', '+', 1), heartbeat_at: ctx.clock().toISOString() },
      )
      .where('id', '=', batch.id)
      .execute();
  });
}

async function completeBatch(ctx: ServiceApiContext, batch: ServiceBatchRow, name: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const now = ctx.clock();
    const done = await trx
      .updateTable('service_batches')
      .set({ status: 'completed', finished_at: now.toISOString() })
      .where('id', '=', batch.id)
      .where('status', '=', 'running')
      .returning(['files', 'sealed', 'failed'])
      .executeTakeFirst();
    if (!done) return;
    const counts = { files: Number(done.files), sealed: Number(done.sealed), failed: Number(done.failed) };
    await recordEvent(
      trx,
      batchCompleted({ id: batch.id, accountName: name, sealId: batch.seal_id, ...counts }),
      now,
    );
    await appendAudit(
      trx,
      {
        actor: name,
        role: null,
        org: null,
        requestId: `batch:${batch.id}`,
        action: 'service.batch.complete',
        object: `service_batch:${batch.id} sealed:${counts.sealed} failed:${counts.failed}`,
        outcome: counts.failed === 0 ? 'success' : 'failure',
      },
      { clock: ctx.clock },
    );
  });
}

/** Works through every batch waiting now; returns how many it completed. */
export async function runBatches(ctx: ServiceApiContext, callerOf: CallerOfAccount): Promise<number> {
  let completed = 0;
  const concurrency = ctx.batchConcurrency ?? 4;
  for (;;) {
    const batch = await claimBatch(ctx.db, ctx.clock());
    if (!batch) return completed;
    const caller = await callerOf(batch.account_id);
    const name = caller ? serviceUsername(caller.name) : `service_account:${batch.account_id}`;
    for (;;) {
      const waiting = await ctx.db
        .selectFrom('service_batch_files')
        .select(['seq', 'input_sha256'])
        .where('batch_id', '=', batch.id)
        .where('status', '=', 'waiting')
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      if (waiting.length === 0) break;
      const queue = waiting.map((w) => ({ seq: Number(w.seq), input_sha256: w.input_sha256 }));
      await Promise.all(
        Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) await sealOne(ctx, batch, caller, file);
        }),
      );
    }
    await completeBatch(ctx, batch, name);
    completed += 1;
  }
}
