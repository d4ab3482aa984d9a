// The webhook worker, run on the jobs plugin's timer: fans new outbox events out to the subscriptions
// that asked for them (one delivery per event and subscription), then tries the deliveries that are
// due. A failed try is retried on the schedule until its last attempt; every try is logged.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers/promises';
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveryTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import { undispatchedEvents } from '../events/outbox.ts';
import { type IntegrationsContext, webhookSecretOwner } from '../integrations-context.ts';
import { checkAddress } from './address-guard.ts';
import { type SendResult, sendWebhook } from './send-webhook.ts';
import { webhookSignature } from './signature.ts';
import { allowedHosts, type Who } from './subscriptions-service.ts';

/** Events fanned out and deliveries tried per run; the next run takes the rest. */
const BATCH = 50;
/** Delivery rows per insert statement. */
const INSERT_ROWS = 500;
/** A claimed delivery is not taken by another server for this long (a POST times out well before). */
const CLAIM_MS = 5 * 60_000;

/** One run: fan out, then deliver what is due. */
export async function runWebhookDeliveries(ctx: IntegrationsContext): Promise<void> {
  // A batch job seals a thousand files in minutes: fan all of them out, not one batch per tick, but
  // let the requests waiting meanwhile in between (each batch is one short write).
  while ((await dispatchEvents(ctx)) === BATCH) await setImmediate();
  await deliverDue(ctx);
}

/**
 * Fans out up to BATCH events in one transaction: marks them dispatched and writes one delivery per
 * event and subscription that asked for it. Returns how many events it read.
 */
async function dispatchEvents(ctx: IntegrationsContext): Promise<number> {
  const events = await undispatchedEvents(ctx.db, BATCH);
  if (events.length === 0) return 0;
  const subscriptions = await ctx.db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'events'])
    .where('enabled', '=', 1)
    .execute();
  const wanted = subscriptions.map((s) => ({ id: s.id, events: new Set(JSON.parse(s.events) as string[]) }));
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('integration_events')
      .set({ dispatched_at: now })
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .where('dispatched_at', 'is', null)
      .returning('id')
      .execute();
    // Another server fanned out the others meanwhile.
    const ours = new Set(claimed.map((c) => c.id));
    const rows = events
      .filter((event) => ours.has(event.id))
      .flatMap((event) =>
        wanted
          .filter((s) => s.events.has(event.type))
          .map((s) => ({
            id: randomUUID(),
            event_id: event.id,
            subscription_id: s.id,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: now,
            created_at: now,
            updated_at: now,
          })),
      );
    // In slices: a statement's parameters are bounded (SQLite 32,766), subscriptions are not.
    for (let i = 0; i < rows.length; i += INSERT_ROWS)
      await trx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_ROWS))
        .execute();
  });
  return events.length;
}

async function deliverDue(ctx: IntegrationsContext): Promise<void> {
  const now = ctx.clock();
  const due = await ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  if (due.length === 0) return;
  const hosts = new Set(await allowedHosts(ctx.db));
  for (const delivery of due) {
    // Claimed by moving its time on, only if nobody else did first.
    const claimed = await ctx.db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', delivery.id)
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 1) await attempt(ctx, delivery, hosts);
  }
}

type Outcome = { result: SendResult; retry: boolean };

async function attempt(
  ctx: IntegrationsContext,
  delivery: Selectable<WebhookDeliveryTable>,
  hosts: ReadonlySet<string>,
): Promise<void> {
  const subscription = await ctx.db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', delivery.subscription_id)
    .executeTakeFirstOrThrow();
  const event = await ctx.db
    .selectFrom('integration_events')
    .selectAll()
    .where('id', '=', delivery.event_id)
    .executeTakeFirstOrThrow();
  const started = ctx.clock();
  const t0 = performance.now();
  let outcome: Outcome;
  if (subscription.enabled !== 1) {
    outcome = {
      result: { statusCode: null, error: 'the subscription is disabled', responseBody: null },
      retry: false,
    };
  } else {
    const url = new URL(subscription.url);
    const address = await checkAddress(url, hosts, ctx.resolve);
    if (!address.ok) {
      // Refused by policy: trying again changes nothing until the admin allows the host and redelivers.
      outcome = { result: { statusCode: null, error: address.reason, responseBody: null }, retry: false };
    } else {
      const body = JSON.stringify({
        id: event.id,
        type: event.type,
        createdAt: event.created_at,
        data: JSON.parse(event.data),
      });
      const timestamp = Math.floor(started.getTime() / 1000);
      const secret = ctx.secrets.open(webhookSecretOwner(subscription.id), subscription.secret);
      const result = await sendWebhook({
        url,
        target: address.target,
        body,
        timeoutMs: ctx.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'OpenSeal-Webhooks/1',
          'x-openseal-event': event.type,
          'x-openseal-delivery': delivery.id,
          'x-openseal-timestamp': String(timestamp),
          'x-openseal-signature': webhookSignature(secret, timestamp, body),
        },
      });
      outcome = { result, retry: true };
    }
  }
  const durationMs = Math.round(performance.now() - t0);
  const number = delivery.attempts + 1;
  const { result } = outcome;
  const succeeded = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const status: WebhookDeliveryStatus = succeeded
    ? 'succeeded'
    : outcome.retry && number < ctx.retry.maxAttempts
      ? 'pending'
      : 'failed';
  const next =
    status === 'pending' ? new Date(ctx.clock().getTime() + ctx.retry.delayMs(number)).toISOString() : null;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        id: randomUUID(),
        delivery_id: delivery.id,
        attempt: number,
        at: started.toISOString(),
        status_code: result.statusCode,
        duration_ms: durationMs,
        error: 'error' in result ? result.error.slice(0, 1000) : null,
        response_body: result.responseBody,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({ status, attempts: number, next_attempt_at: next, updated_at: ctx.clock().toISOString() })
      .where('id', '=', delivery.id)
      .execute();
  });
}

/** A subscription's latest deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  db: Kysely<Database>,
  subscriptionId: string,
): Promise<WebhookDelivery[]> {
  const exists = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
  if (!exists) throw new AppError('ERR_NOT_FOUND', `webhook ${subscriptionId} not found`);
  const rows = await db
    .selectFrom('webhook_deliveries')
    .innerJoin('integration_events', 'integration_events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('integration_events.type as event_type')
    .where('webhook_deliveries.subscription_id', '=', subscriptionId)
    .orderBy('webhook_deliveries.created_at', 'desc')
    .orderBy('webhook_deliveries.id')
    .limit(100)
    .execute();
  return withAttempts(db, rows);
}

async function withAttempts(
  db: Kysely<Database>,
  rows: (Selectable<WebhookDeliveryTable> & { event_type: string })[],
): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('attempt')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    attempts: attempts
      .filter((a) => a.delivery_id === r.id)
      .map(
        (a): WebhookAttempt => ({
          attempt: a.attempt,
          at: a.at,
          statusCode: a.status_code,
          durationMs: a.duration_ms,
          error: a.error,
          responseBody: a.response_body,
        }),
      ),
  }));
}

/** Puts a delivery back in the queue, due now: one more try, whatever its state. */
export async function redeliver(ctx: IntegrationsContext, id: string, who: Who): Promise<WebhookDelivery> {
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, updated_at: now })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('ERR_NOT_FOUND', `delivery ${id} not found`);
    await appendAudit(
      trx,
      { ...who, action: 'webhook.redeliver', object: `webhook_delivery:${id}`, outcome: 'success' },
      { clock: ctx.clock },
    );
  });
  const row = await ctx.db
    .selectFrom('webhook_deliveries')
    .innerJoin('integration_events', 'integration_events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('integration_events.type as event_type')
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirstOrThrow();
  return (await withAttempts(ctx.db, [row]))[0] as WebhookDelivery;
}
