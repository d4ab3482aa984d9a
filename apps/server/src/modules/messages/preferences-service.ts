// Each person's message settings: the language messages are written in (zh unless they chose en) and
// the kind × channel pairs they turned off. Only the person changes their own (the routes carry no id).
import {
  CHANNEL_NAMES,
  type ChannelName,
  MESSAGE_KINDS,
  type MessageLocale,
  type MyMessageSettings,
  type MyMessageSettingsBody,
} from '@openseal/contract';
import type { Kysely } from 'kysely';
import { inChunks } from '../../db/in-chunks.ts';
import type { Database } from '../../db/schema.ts';
import { messageContacts } from '../auth/message-contacts.ts';
import type { MessagesContext } from './messages-context.ts';

/** The message language of each of `userIds` that chose one; the others read zh. */
export async function messageLocales(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, MessageLocale>> {
  if (userIds.length === 0) return new Map();
  const rows = await inChunks(userIds, (slice) =>
    db.selectFrom('message_profiles').select(['user_id', 'locale']).where('user_id', 'in', slice).execute(),
  );
  return new Map(rows.map((r) => [r.user_id, r.locale]));
}

/** The pairs turned off among `userIds`, as "<userId> <kind> <channel>". */
export async function mutedPairs(db: Kysely<Database>, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await inChunks(userIds, (slice) =>
    db
      .selectFrom('message_preferences')
      .select(['user_id', 'kind', 'channel'])
      .where('enabled', '=', 0)
      .where('user_id', 'in', slice)
      .execute(),
  );
  return new Set(rows.map((r) => `${r.user_id} ${r.kind} ${r.channel}`));
}

export async function myMessageSettings(ctx: MessagesContext, userId: string): Promise<MyMessageSettings> {
  const muted = await mutedPairs(ctx.db, [userId]);
  const channels: ChannelName[] = [];
  for (const channel of ctx.channels) if (await channel.enabled()) channels.push(channel.name);
  const contact = (await messageContacts(ctx.db, [userId])).get(userId);
  return {
    locale: (await messageLocales(ctx.db, [userId])).get(userId) ?? 'zh',
    channels,
    preferences: MESSAGE_KINDS.flatMap((kind) =>
      CHANNEL_NAMES.map((channel) => ({
        kind,
        channel,
        enabled: !muted.has(`${userId} ${kind} ${channel}`),
      })),
    ),
    email: contact?.email ?? null,
  };
}

export async function saveMyMessageSettings(
  ctx: MessagesContext,
  userId: string,
  body: MyMessageSettingsBody,
): Promise<MyMessageSettings> {
  const now = ctx.clock().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    if (body.locale)
      await trx
        .insertInto('message_profiles')
        .values({ user_id: userId, locale: body.locale, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ locale: body.locale, updated_at: now }))
        .execute();
    for (const p of body.preferences ?? []) {
      const enabled = p.enabled ? 1 : 0;
      await trx
        .insertInto('message_preferences')
        .values({ user_id: userId, kind: p.kind, channel: p.channel, enabled, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['user_id', 'kind', 'channel']).doUpdateSet({ enabled, updated_at: now }),
        )
        .execute();
    }
  });
  return myMessageSettings(ctx, userId);
}
