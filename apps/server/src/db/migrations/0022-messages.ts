import type { Kysely } from 'kysely';

/**
 * Messages to people outside the console (email, WeChat Work, DingTalk). `message_profiles` holds a
 * person's message language; `message_preferences` the kind × channel pairs they turned off or back on
 * (a pair without a row is on). `message_sources_seen` and `message_cursors` record which source rows
 * (approval notices, outbox events) were read; `message_queue` holds one row per person × channel ×
 * source, tried with retries. `smtp_settings` is the one email server, its password sealed under the KEK.
 * Two indexes let the worker read approval notices and outbox events in the order they were written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('message_preferences')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_preferences_pk', ['user_id', 'kind', 'channel'])
    .execute();
  await db.schema
    .createTable('message_cursors')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('read_to', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('message_sources_seen')
    .addColumn('source_key', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_sources_seen_created')
    .on('message_sources_seen')
    .column('created_at')
    .execute();
  await db.schema
    .createTable('message_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('message_queue_source_user_channel', ['source_key', 'user_id', 'channel'])
    .execute();
  await db.schema
    .createIndex('message_queue_due')
    .on('message_queue')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createTable('smtp_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('security', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('password_box', 'text')
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_name', 'text', (c) => c.notNull())
    .addColumn('ca_certificate', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // The worker reads approval notices and outbox events in the order they were written.
  await db.schema
    .createIndex('notifications_created')
    .on('notifications')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('integration_events_created')
    .on('integration_events')
    .columns(['created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('integration_events_created').execute();
  await db.schema.dropIndex('notifications_created').execute();
  await db.schema.dropTable('smtp_settings').execute();
  await db.schema.dropTable('message_queue').execute();
  await db.schema.dropTable('message_sources_seen').execute();
  await db.schema.dropTable('message_cursors').execute();
  await db.schema.dropTable('message_preferences').execute();
  await db.schema.dropTable('message_profiles').execute();
}
