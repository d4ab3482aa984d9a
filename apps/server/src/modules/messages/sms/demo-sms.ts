// The demo's SMS provider: sends nothing, writes each text to `sms_outbox`, which the system admin
// reads in the console (短信发件箱 demo) — so a demo user can see the code a real phone would get.
import { randomUUID } from 'node:crypto';
import type { SmsOutboxPage } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { SmsProvider } from './sms-provider.ts';

export const OUTBOX_PAGE = 50;

let sent = 0;

export function demoSmsProvider(db: Kysely<Database>, clock: () => Date): SmsProvider {
  return {
    name: 'demo',
    async send(to, text) {
      const at = clock().toISOString();
      // Sorts in sending order, also within one millisecond (or under a test's fixed clock).
      const id = `${at}#${String(++sent).padStart(9, '0')}#${randomUUID()}`;
      await db.insertInto('sms_outbox').values({ id, to_number: to, text, created_at: at }).execute();
      return { ok: true, reference: `outbox:${id}` };
    },
  };
}

/** The newest texts of the demo outbox, newest first. */
export async function smsOutbox(db: Kysely<Database>): Promise<SmsOutboxPage> {
  const rows = await db
    .selectFrom('sms_outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(OUTBOX_PAGE)
    .execute();
  return { items: rows.map((r) => ({ at: r.created_at, to: r.to_number, text: r.text })) };
}
