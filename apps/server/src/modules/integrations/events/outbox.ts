// The integration outbox. A module calls recordEvent inside the transaction that makes the event
// happen, so the row exists exactly when that transaction commits; the webhook worker and the
// messages module read it from there.
import { randomUUID } from 'node:crypto';
import type { WebhookEventType } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import { pastCursor } from '../../../db/keyset.ts';
import type { Database, IntegrationEventTable } from '../../../db/schema.ts';

/** Ids and plain facts a subscriber needs; never document bytes or personal data. */
export type EventData = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export interface IntegrationEvent {
  type: WebhookEventType;
  data: EventData;
}

export async function recordEvent(trx: Kysely<Database>, event: IntegrationEvent, at: Date): Promise<void> {
  await trx
    .insertInto('integration_events')
    .values({
      id: randomUUID(),
      type: event.type,
      data: JSON.stringify(event.data),
      created_at: at.toISOString(),
      dispatched_at: null,
    })
    .execute();
}

/** Events not yet fanned out, oldest first. */
export function undispatchedEvents(
  db: Kysely<Database>,
  limit: number,
): Promise<Selectable<IntegrationEventTable>[]> {
  return db
    .selectFrom('integration_events')
    .selectAll()
    .where('dispatched_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Events of `types` recorded after (`at`, `id`), in (created_at, id) order: the messages module reads
 * the outbox with its own cursor, independent of the webhooks' dispatched_at. One seek per type into
 * the (type, created_at, id) index, merged: the types asked for are few among many seal uses.
 */
export async function eventsAfter(
  db: Kysely<Database>,
  types: readonly WebhookEventType[],
  after: { at: string; id: string },
  limit: number,
): Promise<Selectable<IntegrationEventTable>[]> {
  const pages = await Promise.all(
    types.map((type) =>
      db
        .selectFrom('integration_events')
        .selectAll()
        .where('type', '=', type)
        .where(pastCursor('created_at', 'id', { time: after.at, id: after.id }))
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    ),
  );
  return pages
    .flat()
    .sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1,
    )
    .slice(0, limit);
}
