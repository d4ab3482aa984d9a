import type { Kysely } from 'kysely';

/**
 * Account security (issue 11): a password reset by an admin issues a one-time code for the user's
 * unit head to hand over and forces a new password at the next sign-in; TOTP recovery codes are kept
 * as hashes, each usable once. TOTP secrets themselves are encrypted at start (totp-secret-box.ts),
 * because the KEK is not available to migrations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('password_reset_at', 'text').execute();
  await db.schema.alterTable('users').addColumn('password_reset_expires_at', 'text').execute();
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('code_box', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revealed_at', 'text')
    .addColumn('revealed_by', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();
  await db.schema
    .createTable('totp_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('totp_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('totp_recovery_codes').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.alterTable('users').dropColumn('password_reset_expires_at').execute();
  await db.schema.alterTable('users').dropColumn('password_reset_at').execute();
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
}
