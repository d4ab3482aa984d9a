import { type Kysely, sql } from 'kysely';

/**
 * Trusted e-credentials: templates (pdfme JSON + the record schema + which seals), the upstream systems
 * that push records and their API keys, the records themselves, every issued credential (the archive,
 * with the verification code printed on it), and batch jobs with one item per person, each item marked
 * done in the same transaction that stores its credential (exactly once across restarts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience IN ('student', 'staff')`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('data_schema', 'text', (c) => c.notNull())
    .addColumn('seals', 'text', (c) => c.notNull())
    .addColumn('requires_approval', 'integer', (c) => c.notNull())
    .addColumn('retention_years', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('data_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    /** SHA-256 hex of the API key (a 256-bit random key needs no slow hash). */
    .addColumn('key_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('credential_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type_code', 'text', (c) => c.notNull())
    /** The source system's record id; idempotency key together with the type. */
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('cohort', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('data_sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('credential_records_external_uq', ['type_code', 'external_id'])
    .execute();
  await db.schema
    .createIndex('credential_records_subject_idx')
    .on('credential_records')
    .columns(['type_code', 'subject'])
    .execute();
  await db.schema
    .createIndex('credential_records_cohort_idx')
    .on('credential_records')
    .columns(['type_code', 'cohort'])
    .execute();

  await db.schema
    .createTable('credential_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull().references('credential_templates.id'))
    .addColumn('cohort', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('running', 'paused', 'completed')`))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    /** Time spent running (ms), summed over runs, for the documents-per-second figure. */
    .addColumn('run_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('finished_at', 'text')
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull().references('credential_templates.id'))
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull().references('credential_records.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('issued', 'revoked')`))
    /** SHA-256 of the sealed file in the content-addressed store (also sealed_documents.sha256). */
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('ledger_id', 'text', (c) => c.notNull().references('sealed_documents.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('job_id', 'text', (c) => c.references('credential_jobs.id'))
    .addColumn('request_id', 'text', (c) => c.references('approval_requests.id'))
    .addColumn('issued_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('retain_until', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('credentials_sha256_idx').on('credentials').column('sha256').execute();
  await db.schema
    .createIndex('credentials_subject_idx')
    .on('credentials')
    .columns(['subject', 'issued_at'])
    .execute();
  await db.schema
    .createIndex('credentials_type_idx')
    .on('credentials')
    .columns(['type_code', 'issued_at'])
    .execute();
  // A batch issues at most one credential per person: the second insert of a replayed item fails.
  await db.schema
    .createIndex('credentials_job_subject_uq')
    .on('credentials')
    .columns(['job_id', 'subject'])
    .unique()
    .where(sql.ref('job_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('credential_job_items')
    .addColumn('job_id', 'text', (c) => c.notNull().references('credential_jobs.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull().references('credential_records.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'done', 'failed')`))
    .addColumn('credential_id', 'text', (c) => c.references('credentials.id'))
    .addColumn('error_code', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('credential_job_items_pk', ['job_id', 'seq'])
    .addUniqueConstraint('credential_job_items_subject_uq', ['job_id', 'subject'])
    .execute();
  await db.schema
    .createIndex('credential_job_items_status_idx')
    .on('credential_job_items')
    .columns(['job_id', 'status', 'seq'])
    .execute();
}
