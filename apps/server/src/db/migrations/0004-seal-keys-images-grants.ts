import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Seals gain an uploaded image and a key store (software envelope or PKCS#11 token); grants name a
 * user or a role in a unit, and document types; the ledger records each use's document type.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = dialectOf(db) === 'sqlite' ? 'blob' : 'bytea';
  await db.schema.alterTable('seals').addColumn('image', bytes).execute();
  await db.schema.alterTable('seals').addColumn('image_type', 'text').execute();
  await db.schema
    .alterTable('seals')
    .addColumn('key_store', 'text', (c) => c.check(sql`key_store IN ('software', 'pkcs11')`))
    .execute();
  await sql`UPDATE seals SET key_store = 'software' WHERE key_envelope IS NOT NULL`.execute(db);

  await db.schema
    .createTable('seal_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seal_id', 'text', (c) => c.notNull().references('seals.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('role', 'text')
    .addColumn('unit_id', 'text', (c) => c.references('org_units.id'))
    .addColumn('document_types', 'text', (c) => c.notNull())
    .addColumn('until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'seal_grants_subject',
      sql`(user_id IS NOT NULL AND role IS NULL AND unit_id IS NULL) OR (user_id IS NULL AND role IS NOT NULL AND unit_id IS NOT NULL)`,
    )
    .execute();
  await db.schema.createIndex('seal_grants_seal_idx').on('seal_grants').column('seal_id').execute();
  await sql`INSERT INTO seal_grants (id, seal_id, user_id, role, unit_id, document_types, until, created_at)
    SELECT seal_id || ':' || user_id, seal_id, user_id, NULL, NULL, '[]', until, created_at FROM seal_use_grants`.execute(
    db,
  );
  await db.schema.dropTable('seal_use_grants').execute();

  await db.schema.alterTable('sealed_documents').addColumn('document_type', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sealed_documents').dropColumn('document_type').execute();
  await db.schema
    .createTable('seal_use_grants')
    .addColumn('seal_id', 'text', (c) => c.notNull().references('seals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seal_use_grants_pk', ['seal_id', 'user_id'])
    .execute();
  await sql`INSERT INTO seal_use_grants (seal_id, user_id, until, created_at)
    SELECT seal_id, user_id, until, created_at FROM seal_grants WHERE user_id IS NOT NULL`.execute(db);
  await db.schema.dropTable('seal_grants').execute();
  await db.schema.alterTable('seals').dropColumn('key_store').execute();
  await db.schema.alterTable('seals').dropColumn('image_type').execute();
  await db.schema.alterTable('seals').dropColumn('image').execute();
}
