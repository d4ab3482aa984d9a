// The one SMTP server email goes through, as the system admin configured it. The password is sealed
// under the KEK (the secret box, in the crypto mode) and never returned or logged; the audit entry
// names the server, never the password.
import type { SmtpSettings, SmtpSettingsBody } from '@openseal/contract';
import type { Kysely, Selectable } from 'kysely';
import type { BoxedColumn } from '../../../db/reseal-column.ts';
import type { Database, SmtpSettingsTable } from '../../../db/schema.ts';
import { type AuditEvent, appendAudit } from '../../audit/audit-log.ts';
import type { SecretBox } from '../../auth/secret-box.ts';

/** The associated data binding the SMTP password to its row. */
export const smtpPasswordOwner = (id: number) => `smtp:${id}`;

/** The SMTP password, sealed again in the crypto mode after a switch (db/reseal-column.ts). */
export const MESSAGES_BOXED_COLUMNS: readonly BoxedColumn[] = [
  { table: 'smtp_settings', id: 'id', column: 'password_box', owner: (id) => smtpPasswordOwner(Number(id)) },
];

/** Audit fields of the admin acting. */
export type Who = Omit<AuditEvent, 'action' | 'object' | 'outcome'>;

const ROW_ID = 1;

export async function readSmtpSettings(
  db: Kysely<Database>,
): Promise<Selectable<SmtpSettingsTable> | undefined> {
  return db.selectFrom('smtp_settings').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
}

export function smtpSettingsView(row: Selectable<SmtpSettingsTable> | undefined): SmtpSettings {
  if (!row)
    return {
      configured: false,
      enabled: false,
      host: '',
      port: 587,
      security: 'starttls',
      username: '',
      passwordSet: false,
      fromAddress: '',
      fromName: '',
      caCertificate: null,
      updatedAt: null,
    };
  return {
    configured: true,
    enabled: row.enabled === 1,
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    passwordSet: row.password_box !== null,
    fromAddress: row.from_address,
    fromName: row.from_name,
    caCertificate: row.ca_certificate,
    updatedAt: row.updated_at,
  };
}

export async function saveSmtpSettings(
  db: Kysely<Database>,
  secrets: SecretBox,
  body: SmtpSettingsBody,
  who: Who & { actor: string },
  now: Date,
): Promise<SmtpSettings> {
  await db.transaction().execute(async (trx) => {
    const existing = await readSmtpSettings(trx);
    const password_box =
      body.password === undefined
        ? (existing?.password_box ?? null)
        : body.password === ''
          ? null
          : secrets.seal(smtpPasswordOwner(ROW_ID), body.password);
    const row = {
      enabled: body.enabled ? 1 : 0,
      host: body.host,
      port: body.port,
      security: body.security,
      username: body.username,
      password_box,
      from_address: body.fromAddress,
      from_name: body.fromName,
      ca_certificate: body.caCertificate?.trim() || null,
      updated_by: who.actor,
      updated_at: now.toISOString(),
    };
    await trx
      .insertInto('smtp_settings')
      .values({ id: ROW_ID, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet(row))
      .execute();
    await appendAudit(
      trx,
      {
        ...who,
        action: 'messages.smtp.update',
        object: `smtp:${body.host}:${body.port} ${body.enabled ? 'enabled' : 'disabled'}${body.password === undefined ? '' : ' password-changed'}`,
        outcome: 'success',
      },
      { clock: () => now },
    );
  });
  return smtpSettingsView(await readSmtpSettings(db));
}
