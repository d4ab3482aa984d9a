import type { Kysely } from 'kysely';

/**
 * Directory sync (LDAP or CSV): units carry the directory's code; people are matched by users.campus_id
 * (学号/工号, added by 0018) and carry email and phone; accounts the directory created are marked so a sync never touches local ones; a
 * leaver is disabled (disabled_at), never deleted; an open request whose requester or approver left is
 * flagged for the console. One row of source settings (the bind password encrypted under the KEK) and
 * a history of runs with their diffs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('directory_managed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('org_units').addColumn('directory_code', 'text').execute();
  await db.schema
    .createIndex('org_units_directory_code')
    .unique()
    .on('org_units')
    .column('directory_code')
    .execute();
  await db.schema.alterTable('approval_requests').addColumn('flag', 'text').execute();
  await db.schema
    .createTable('directory_config')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('start_tls', 'integer', (c) => c.notNull())
    .addColumn('ca_pem', 'text')
    .addColumn('bind_dn', 'text', (c) => c.notNull())
    .addColumn('bind_password_box', 'text', (c) => c.notNull())
    .addColumn('unit_base', 'text', (c) => c.notNull())
    .addColumn('unit_filter', 'text', (c) => c.notNull())
    .addColumn('people_base', 'text', (c) => c.notNull())
    .addColumn('people_filter', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('interval_minutes', 'integer')
    .addColumn('max_disable_percent', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('directory_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('diff', 'text')
    .addColumn('error', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('directory_runs').execute();
  await db.schema.dropTable('directory_config').execute();
  await db.schema.alterTable('approval_requests').dropColumn('flag').execute();
  await db.schema.dropIndex('org_units_directory_code').execute();
  await db.schema.alterTable('org_units').dropColumn('directory_code').execute();
  for (const column of ['disabled_at', 'directory_managed', 'phone', 'email']) {
    await db.schema.alterTable('users').dropColumn(column).execute();
  }
}
