import type { Kysely } from 'kysely';

/**
 * The school's logo, shown on the sign-in page: one row, set by the system admin (PNG or SVG, base64,
 * at most 256 KB). The school's name is the org tree's root unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('school_logo')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('school_logo').execute();
}
