import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

const sqlType = sql`type IN ('official', 'contract', 'finance', 'business', 'personal')`;
const sqlStatus = sql`status IN ('active', 'suspended', 'revoked', 'destroyed')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = dialectOf(db) === 'sqlite' ? 'blob' : 'bytea';
  await db.schema
    .createTable('seals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().check(sqlType))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('org_units.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlStatus))
    .addColumn('custodian_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('physical', 'integer', (c) => c.notNull())
    .addColumn('seal_spec', 'text', (c) => c.notNull())
    .addColumn('certificate', bytes)
    .addColumn('certificate_serial', 'text')
    .addColumn('key_envelope', bytes)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('seal_use_grants')
    .addColumn('seal_id', 'text', (c) => c.notNull().references('seals.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seal_use_grants_pk', ['seal_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('sealed_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('seal_id', 'text', (c) => c.notNull().references('seals.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('seals_owner_idx').on('seals').column('owner_unit_id').execute();
  await db.schema.createIndex('sealed_documents_seal_idx').on('sealed_documents').column('seal_id').execute();
  await db.schema.createIndex('sealed_documents_sha_idx').on('sealed_documents').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sealed_documents').execute();
  await db.schema.dropTable('seal_use_grants').execute();
  await db.schema.dropTable('seals').execute();
}
