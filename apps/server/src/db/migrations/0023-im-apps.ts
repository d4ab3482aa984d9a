import type { Kysely } from 'kysely';

/**
 * WeChat Work and DingTalk (issue 15): one settings row per app (secret, callback token and AES key
 * sealed under the KEK), the sign-ins in flight (state, where to land, the account once vouched for
 * while its second factor is due), and the link from a vendor's
 * user id to the OpenSeal account it signed in as (so messages reach a person whose campus ID differs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('im_apps')
    .addColumn('app', 'text', (c) => c.primaryKey())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('corp_id', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('app_key', 'text')
    .addColumn('secret_box', 'text', (c) => c.notNull())
    .addColumn('callback_token_box', 'text')
    .addColumn('encoding_aes_key_box', 'text')
    .addColumn('api_base_url', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('im_app_logins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('next_path', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('im_app_links')
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('vendor_user_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('im_app_links_pk', ['app', 'vendor_user_id'])
    .execute();
  await db.schema
    .createIndex('im_app_links_user_idx')
    .on('im_app_links')
    .columns(['app', 'user_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('im_app_links').execute();
  await db.schema.dropTable('im_app_logins').execute();
  await db.schema.dropTable('im_apps').execute();
}
