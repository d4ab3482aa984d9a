import type { Kysely } from 'kysely';

/**
 * Single sign-on (issue 15): accounts link to the school's identity by campus ID (学号/工号); the
 * system admin configures OIDC and CAS providers (client secrets under the KEK); a sign-in in flight
 * keeps its state, nonce and PKCE verifier server-side; an SSO session remembers the provider's
 * ticket or ID token so a CAS single logout or an RP-initiated logout can end it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('campus_id', 'text').execute();
  await db.schema.createIndex('users_campus_id_idx').on('users').column('campus_id').unique().execute();
  await db.schema
    .createTable('sso_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('client_secret_box', 'text')
    .addColumn('scopes', 'text')
    .addColumn('cas_version', 'integer')
    .addColumn('campus_id_claim', 'text', (c) => c.notNull())
    .addColumn('unit_claim', 'text', (c) => c.notNull())
    .addColumn('name_claim', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sso_logins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id'))
    .addColumn('nonce', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('provider_session', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sso_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull().references('sso_providers.id'))
    .addColumn('provider_session', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sso_sessions_provider_session_idx')
    .on('sso_sessions')
    .columns(['provider_id', 'provider_session'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sso_sessions').execute();
  await db.schema.dropTable('sso_logins').execute();
  await db.schema.dropTable('sso_providers').execute();
  await db.schema.dropIndex('users_campus_id_idx').execute();
  await db.schema.alterTable('users').dropColumn('campus_id').execute();
}
