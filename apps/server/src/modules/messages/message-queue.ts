// The messages worker, run on the jobs plugin's timer: reads each source from its own cursor and
// queues one message per person × channel (on the channels the school enabled, for the kinds the
// person has not turned off), then sends what is due. A failed send is retried on the schedule until
// its last attempt; one that cannot succeed (no address, refused for good) fails at once.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { MessageQueueTable } from '../../db/schema.ts';
import { messageContacts } from '../auth/message-contacts.ts';
import type { ChannelName, MessageChannel, Recipient, SendOutcome } from './channel.ts';
import { MESSAGE_SOURCES, type MessageSource, type PlannedMessage } from './message-sources.ts';
import { composeMessage, type MessageFacts } from './message-texts.ts';
import type { MessagesContext } from './messages-context.ts';
import { messageLocales, mutedPairs } from './preferences-service.ts';

/** Source rows read and messages tried per page; a run takes page after page. */
const BATCH = 100;
/**
 * Each run reads again this far behind its cursor: a transaction that stamped its rows earlier can
 * commit after a later one was read. Rows already turned into messages are skipped (message_sources_seen).
 */
const LOOKBACK_MS = 5 * 60_000;
/** A claimed message is not taken by another server for this long (an SMTP send times out well before). */
const CLAIM_MS = 5 * 60_000;

/** One run: read every source, then send what is due. */
export async function runMessages(ctx: MessagesContext): Promise<void> {
  for (const source of MESSAGE_SOURCES) await readSource(ctx, source);
  while ((await sendDue(ctx)) === BATCH);
}

async function readSource(ctx: MessagesContext, source: MessageSource): Promise<void> {
  const now = ctx.clock();
  const cursor = await ctx.db
    .selectFrom('message_cursors')
    .select('read_to')
    .where('source', '=', source.name)
    .executeTakeFirst();
  if (!cursor) {
    // First run on this database: what happened before messages existed is not sent now.
    await ctx.db
      .insertInto('message_cursors')
      .values({ source: source.name, read_to: now.toISOString() })
      .onConflict((oc) => oc.column('source').doNothing())
      .execute();
    return;
  }
  let after = { at: new Date(Date.parse(cursor.read_to) - LOOKBACK_MS).toISOString(), id: '' };
  let readTo = cursor.read_to;
  for (;;) {
    const page = await source.page(ctx.db, after, BATCH);
    if (page.rows.length === 0) break;
    const keys = page.rows.map((r) => r.key);
    const seen = await ctx.db
      .selectFrom('message_sources_seen')
      .select('source_key')
      .where('source_key', 'in', keys)
      .execute();
    const fresh = new Set(keys);
    for (const s of seen) fresh.delete(s.source_key);
    if (fresh.size > 0) await enqueue(ctx, [...fresh], await page.plan(fresh));
    const last = page.rows[page.rows.length - 1] as { createdAt: string; id: string };
    if (last.createdAt > readTo) readTo = last.createdAt;
    after = { at: last.createdAt, id: last.id };
    if (page.rows.length < BATCH) break;
  }
  await ctx.db
    .updateTable('message_cursors')
    .set({ read_to: readTo })
    .where('source', '=', source.name)
    .where('read_to', '<', readTo)
    .execute();
  // Keys far behind the cursor can never be read again.
  const forget = new Date(Date.parse(readTo) - 2 * LOOKBACK_MS).toISOString();
  await ctx.db.deleteFrom('message_sources_seen').where('created_at', '<', forget).execute();
}

/** Queues the planned messages and marks their source rows seen, in one transaction. */
async function enqueue(ctx: MessagesContext, keys: readonly string[], planned: readonly PlannedMessage[]) {
  const enabled: ChannelName[] = [];
  for (const channel of ctx.channels) if (await channel.enabled()) enabled.push(channel.name);
  const muted = await mutedPairs(
    ctx.db,
    planned.map((p) => p.userId),
  );
  const now = ctx.clock().toISOString();
  const rows = planned.flatMap((p) =>
    enabled
      .filter((channel) => !muted.has(`${p.userId} ${p.facts.kind} ${channel}`))
      .map((channel) => ({
        id: randomUUID(),
        source_key: p.sourceKey,
        user_id: p.userId,
        channel,
        kind: p.facts.kind,
        facts: JSON.stringify(p.facts),
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        created_at: now,
        updated_at: now,
      })),
  );
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('message_sources_seen')
      .values(keys.map((source_key) => ({ source_key, created_at: now })))
      .onConflict((oc) => oc.column('source_key').doNothing())
      .execute();
    // Another server may have queued the same row meanwhile: the unique key keeps one.
    if (rows.length > 0)
      await trx
        .insertInto('message_queue')
        .values(rows)
        .onConflict((oc) => oc.columns(['source_key', 'user_id', 'channel']).doNothing())
        .execute();
  });
}

/** Sends up to BATCH due messages; returns how many it took. */
async function sendDue(ctx: MessagesContext): Promise<number> {
  const now = ctx.clock();
  const due = await ctx.db
    .selectFrom('message_queue')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  if (due.length === 0) return 0;
  const contacts = await messageContacts(
    ctx.db,
    due.map((m) => m.user_id),
  );
  const locales = await messageLocales(
    ctx.db,
    due.map((m) => m.user_id),
  );
  for (const message of due) {
    // Claimed by moving its time on, only if nobody else did first.
    const claimed = await ctx.db
      .updateTable('message_queue')
      .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where('id', '=', message.id)
      .where('next_attempt_at', '=', message.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const contact = contacts.get(message.user_id);
    const recipient: Recipient | undefined =
      contact && !contact.disabled
        ? {
            userId: contact.id,
            displayName: contact.displayName,
            campusId: contact.campusId,
            email: contact.email,
            locale: locales.get(message.user_id) ?? 'zh',
          }
        : undefined;
    await record(ctx, message, await attempt(ctx, message, recipient));
  }
  return due.length;
}

async function attempt(
  ctx: MessagesContext,
  message: Selectable<MessageQueueTable>,
  to: Recipient | undefined,
): Promise<SendOutcome> {
  if (!to) return { ok: false, retry: false, error: 'the account is gone or disabled' };
  const channel: MessageChannel | undefined = ctx.channels.find((c) => c.name === message.channel);
  if (!channel || !(await channel.enabled()))
    return { ok: false, retry: false, error: `the ${message.channel} channel is switched off` };
  const facts = JSON.parse(message.facts) as MessageFacts;
  try {
    return await channel.send(to, composeMessage(facts, to.locale, ctx.publicUrl));
  } catch (err) {
    // A channel should answer with an outcome; a throw is treated as a failure worth retrying.
    return { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
  }
}

async function record(ctx: MessagesContext, message: Selectable<MessageQueueTable>, outcome: SendOutcome) {
  const number = message.attempts + 1;
  const status: MessageQueueTable['status'] = outcome.ok
    ? 'sent'
    : outcome.retry && number < ctx.retry.maxAttempts
      ? 'pending'
      : 'failed';
  const next =
    status === 'pending' ? new Date(ctx.clock().getTime() + ctx.retry.delayMs(number)).toISOString() : null;
  await ctx.db
    .updateTable('message_queue')
    .set({
      status,
      attempts: number,
      next_attempt_at: next,
      last_error: outcome.ok ? null : outcome.error.slice(0, 1000),
      updated_at: ctx.clock().toISOString(),
    })
    .where('id', '=', message.id)
    .execute();
}
