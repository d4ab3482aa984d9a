// The SMS gateway the system admin chose (one row). The HTTP gateway's bearer secret is sealed under
// the KEK (the secret box, in the crypto mode) like the SMTP password, and never returned or logged.
// Without a row, the demo server uses the demo outbox and any other server has no SMS.
import type { SmsSettings, SmsSettingsBody } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { BoxedColumn } from '../../../db/reseal-column.ts';
import type { Database, SmsSettingsTable } from '../../../db/schema.ts';
import { AppError } from '../../../errors.ts';
import { appendAudit } from '../../audit/audit-log.ts';
import type { SecretBox } from '../../auth/secret-box.ts';
import type { Who } from '../email/smtp-settings.ts';
import { demoSmsProvider } from './demo-sms.ts';
import { httpSmsProvider } from './http-sms.ts';
import type { SmsProvider } from './sms-provider.ts';

const ROW_ID = 1;
export const smsSecretOwner = (id: number) => `sms:${id}`;

/** The gateway secret, sealed again in the crypto mode after a switch (db/reseal-column.ts). */
export const SMS_BOXED_COLUMNS: readonly BoxedColumn[] = [
  { table: 'sms_settings', id: 'id', column: 'secret_box', owner: (id) => smsSecretOwner(Number(id)) },
];

function readRow(db: Kysely<Database>): Promise<Selectable<SmsSettingsTable> | undefined> {
  return db.selectFrom('sms_settings').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
}

export async function smsSettings(db: Kysely<Database>): Promise<SmsSettings> {
  const row = await readRow(db);
  return {
    configured: row !== undefined,
    provider: row?.provider ?? null,
    url: row?.url ?? null,
    secretSet: (row?.secret_box ?? null) !== null,
    updatedAt: row?.updated_at ?? null,
  };
}

export async function saveSmsSettings(
  db: Kysely<Database>,
  secrets: SecretBox,
  body: SmsSettingsBody,
  who: Who & { actor: string },
  now: Date,
): Promise<SmsSettings> {
  await db.transaction().execute(async (trx) => {
    const existing = await readRow(trx);
    const secret_box =
      body.provider !== 'http'
        ? null
        : body.secret === undefined
          ? (existing?.secret_box ?? null)
          : secrets.seal(smsSecretOwner(ROW_ID), body.secret);
    if (body.provider === 'http' && (!body.url || !secret_box))
      throw new AppError('ERR_VALIDATION', 'an HTTP gateway needs its address and secret', ['url', 'secret']);
    const row = {
      provider: body.provider,
      url: body.provider === 'http' ? (body.url ?? null) : null,
      secret_box,
      updated_by: who.actor,
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('sms_settings')
      .values({ id: ROW_ID, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await appendAudit(
      trx,
      {
        ...who,
        action: 'messages.sms.update',
        object: `sms:${body.provider}${row.url ? `:${new URL(row.url).host}` : ''}${body.secret === undefined ? '' : ' secret-changed'}`,
        outcome: 'success',
      },
      { clock: () => now },
    );
  });
  return smsSettings(db);
}

/** The provider texts go through now, or null when none is set up. */
export async function currentSmsProvider(
  db: Kysely<Database>,
  secrets: SecretBox,
  opts: { clock: () => Date; demo: boolean; fetch?: typeof fetch },
): Promise<SmsProvider | null> {
  const row = await readRow(db);
  if (!row) return opts.demo ? demoSmsProvider(db, opts.clock) : null;
  if (row.provider === 'demo') return demoSmsProvider(db, opts.clock);
  if (!row.url || !row.secret_box) return null;
  return httpSmsProvider({
    url: row.url,
    secret: secrets.open(smsSecretOwner(ROW_ID), row.secret_box),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
}
