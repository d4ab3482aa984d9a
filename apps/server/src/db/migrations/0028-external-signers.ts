import type { Kysely } from 'kysely';

/**
 * People outside the school who sign a contract (外部签署方). Each gets an account row of its own
 * (username `ext:…`, no password, disabled for every other sign-in) and an `external_signers` row with
 * the phone or email the initiator gave. `contract_invitations` holds the link sent to them by the
 * SHA-256 of its token, and the one-time code they sign in with, hashed, with its send times and
 * wrong tries. `sms_settings` is the SMS gateway the system admin chose (its bearer secret sealed
 * under the KEK); `sms_outbox` keeps what the demo's SMS provider "sent", for the admin to read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('external_signers')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('contract_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('send_error', 'text')
    .addColumn('code_sha256', 'text')
    .addColumn('code_expires_at', 'text')
    .addColumn('code_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('code_sent_at', 'text')
    .addColumn('code_window_start', 'text')
    .addColumn('code_window_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('sms_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('secret_box', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_number', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sms_outbox_created').on('sms_outbox').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sms_outbox').execute();
  await db.schema.dropTable('sms_settings').execute();
  await db.schema.dropTable('contract_invitations').execute();
  await db.schema.dropTable('external_signers').execute();
}
