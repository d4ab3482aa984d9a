import { type Kysely, sql } from 'kysely';

/**
 * Approval requests and their flows: one configured flow per request type (absent: the built-in
 * default), each request with its flow snapshot and engine state, the files submitted per round,
 * delegations while away, notifications, physical-seal custody, and the ledger's link to the request
 * a use was stamped under.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_flows')
    .addColumn('request_type', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('seal_id', 'text', (c) => c.references('seals.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('flow', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sql`status IN ('pending', 'approved', 'rejected', 'returned', 'withdrawn', 'completed')`),
    )
    // Optimistic concurrency: every state change bumps it and is conditional on the value read.
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('stamped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('approval_requests_requester_idx')
    .on('approval_requests')
    .columns(['requester_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('approval_requests_created_idx')
    .on('approval_requests')
    .column('created_at')
    .execute();
  await db.schema
    .createIndex('approval_requests_status_idx')
    .on('approval_requests')
    .columns(['status', 'updated_at'])
    .execute();
  await db.schema
    .createTable('approval_inbox')
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('approval_inbox_pk', ['request_id', 'user_id'])
    .execute();
  await db.schema.createIndex('approval_inbox_user_idx').on('approval_inbox').column('user_id').execute();
  await db.schema
    .createTable('approval_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('approval_files_request_idx')
    .on('approval_files')
    .column('request_id')
    .execute();
  await db.schema
    .createTable('delegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('to_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delegations_from_idx').on('delegations').column('from_user_id').execute();
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notifications_user_idx')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('seal_custody')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seal_id', 'text', (c) => c.notNull().references('seals.id'))
    .addColumn('request_id', 'text', (c) => c.notNull().references('approval_requests.id'))
    .addColumn('taken_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('handed_out_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('returned_at', 'text')
    .addColumn('received_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('seal_custody_seal_idx').on('seal_custody').column('seal_id').execute();
  await db.schema.alterTable('sealed_documents').addColumn('request_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sealed_documents').dropColumn('request_id').execute();
  for (const table of [
    'seal_custody',
    'notifications',
    'delegations',
    'approval_files',
    'approval_inbox',
    'approval_requests',
    'approval_flows',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
