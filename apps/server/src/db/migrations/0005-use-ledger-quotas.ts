import type { Kysely } from 'kysely';

/**
 * The document ledger records who used a seal by id, from which unit, under which grant; grants may
 * carry a use quota. Indexed for the risk rules' look-backs (per seal, per user, per grant, by time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sealed_documents').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('sealed_documents').addColumn('unit_id', 'text').execute();
  await db.schema.alterTable('sealed_documents').addColumn('grant_id', 'text').execute();
  await db.schema.alterTable('seal_grants').addColumn('max_uses', 'integer').execute();
  await db.schema
    .alterTable('seal_grants')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('sealed_documents_seal_time_idx')
    .on('sealed_documents')
    .columns(['seal_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('sealed_documents_user_time_idx')
    .on('sealed_documents')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('sealed_documents_grant_idx')
    .on('sealed_documents')
    .column('grant_id')
    .execute();
  await db.schema
    .createIndex('sealed_documents_time_idx')
    .on('sealed_documents')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'sealed_documents_time_idx',
    'sealed_documents_grant_idx',
    'sealed_documents_user_time_idx',
    'sealed_documents_seal_time_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('seal_grants').dropColumn('uses').execute();
  await db.schema.alterTable('seal_grants').dropColumn('max_uses').execute();
  for (const column of ['grant_id', 'unit_id', 'user_id']) {
    await db.schema.alterTable('sealed_documents').dropColumn(column).execute();
  }
}
