import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Keyed audit chain: each entry gets an HMAC link (audit-hash.ts auditEntryMac) and the head keeps
 * the latest one. Rows written before this migration have no MAC until the server, holding the KEK,
 * keys them once at start (audit-rekey.ts). The anchors move out of the database into signed
 * checkpoint files (audit-checkpoints.ts): anchors a database user can delete protected nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();
  await db.schema.alterTable('audit_head').addColumn('mac', 'text').execute();
  await db.schema.dropTable('audit_anchors').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('audit_anchors')
    .addColumn('id', 'integer', (c) =>
      sqlite ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
    )
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('token', sqlite ? 'blob' : 'bytea', (c) => c.notNull())
    .addColumn('gen_time', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('audit_head').dropColumn('mac').execute();
  await db.schema.alterTable('audit_log').dropColumn('mac').execute();
}
