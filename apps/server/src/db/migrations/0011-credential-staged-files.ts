import type { Kysely } from 'kysely';

/**
 * Batch jobs write ahead what they are about to store: a sealed file is listed here before it enters
 * the file store and unlisted in the transaction that records its credential, so the files a crash
 * leaves without a ledger row are known and swept. `renders` counts renders started (written before
 * they start): the signatures each seal made for the job, redone items included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_staged_files')
    .addColumn('job_id', 'text', (c) => c.notNull().references('credential_jobs.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    /** The runner (one per server process and start) that staged it. */
    .addColumn('runner', 'text', (c) => c.notNull())
    .addColumn('staged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('credential_staged_files_pk', ['job_id', 'sha256'])
    .execute();
  await db.schema
    .alterTable('credential_jobs')
    .addColumn('renders', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('credential_jobs').dropColumn('renders').execute();
  await db.schema.dropTable('credential_staged_files').execute();
}
