import type { Kysely } from 'kysely';

/**
 * 国密 digests beside SHA-256: the document ledger's `sm3` (GB/T 32905 over the sealed file) and the
 * audit log's `chain_sm3`, a second chain in SM3 (audit-hash.ts auditEntrySm3). Existing rows are
 * filled at the next start, not here: the SM3 chain is keyed with the KEK-derived key the database
 * does not hold (audit-sm3-backfill.ts), and the sealed files are in the file store outside it
 * (ledger-sm3-backfill.ts). A ledger row whose file was not kept stays without SM3.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sealed_documents').addColumn('sm3', 'text').execute();
  await db.schema.createIndex('sealed_documents_sm3_idx').on('sealed_documents').column('sm3').execute();
  await db.schema.alterTable('audit_log').addColumn('chain_sm3', 'text').execute();
  await db.schema.alterTable('audit_head').addColumn('chain_sm3', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_head').dropColumn('chain_sm3').execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_sm3').execute();
  await db.schema.dropIndex('sealed_documents_sm3_idx').execute();
  await db.schema.alterTable('sealed_documents').dropColumn('sm3').execute();
}
