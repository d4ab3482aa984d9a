import type { Kysely } from 'kysely';

/**
 * The last evidence report sealed for each contract (`contract_evidence_reports`): the report's file
 * in the file store by its SHA-256, and the SHA-256 of everything the report says but the time it was
 * made (`state_sha256`). A download whose contract reads the same is served those bytes; any new
 * event or change of state makes a new report, which replaces the row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('contract_evidence_reports')
    .addColumn('contract_id', 'text', (c) => c.primaryKey())
    .addColumn('state_sha256', 'text', (c) => c.notNull())
    .addColumn('report_sha256', 'text', (c) => c.notNull())
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contract_evidence_reports').execute();
}
