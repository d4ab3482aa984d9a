import { type Kysely, sql } from 'kysely';

const sqlAction = sql`action IN ('alert', 'block')`;
const sqlSeverity = sql`severity IN ('low', 'medium', 'high')`;
const sqlStatus = sql`status IN ('open', 'acknowledged', 'resolved')`;

/**
 * Risk control (风险预警): rule settings (a rule without a row runs with its defaults), the
 * sensitive-word list, the holiday calendar with make-up workdays (调休), and the alerts raised for
 * the security admin.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('risk_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sqlAction))
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('risk_sensitive_words')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('word', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createTable('risk_holidays')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('workday', 'integer', (c) => c.notNull().check(sql`workday IN (0, 1)`))
    .execute();
  await db.schema
    .createTable('risk_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(sqlSeverity))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlStatus))
    .addColumn('seal_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('document_sha256', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    // Set for alerts raised once per subject (a seal's certificate), so a job re-run adds nothing.
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('risk_alerts_status_time_idx')
    .on('risk_alerts')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('risk_alerts_time_idx').on('risk_alerts').column('created_at').execute();
  await db.schema
    .createIndex('risk_alerts_dedupe_idx')
    .on('risk_alerts')
    .columns(['rule', 'dedupe_key'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('risk_alerts').execute();
  await db.schema.dropTable('risk_holidays').execute();
  await db.schema.dropTable('risk_sensitive_words').execute();
  await db.schema.dropTable('risk_rules').execute();
}
