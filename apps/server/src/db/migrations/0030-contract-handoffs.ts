import type { Kysely } from 'kysely';

/**
 * Moving a signing session from a computer to a phone (QR code). `contract_handoffs` holds each
 * one-time link by the SHA-256 of its token, for one party of one contract, until it is used or
 * expires. A session opened by such a link carries `sessions.contract_id`: it reaches that contract
 * alone, never the rest of the account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contract_handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.alterTable('sessions').addColumn('contract_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('contract_id').execute();
  await db.schema.dropTable('contract_handoffs').execute();
}
