import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';
import { type AuditKeys, withAuditKeys } from '../modules/audit/audit-keys.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbDialect: DatabaseConfig['dialect'];
  }
}

/**
 * Opens the database, runs the migrations before the server accepts requests, closes it on close.
 * With audit keys, the handle carries them, so audit entries appended through it are keyed.
 */
export const dbPlugin = fp<{ database: DatabaseConfig; auditKeys?: AuditKeys }>(
  async (app, opts) => {
    const opened = openDatabase(opts.database);
    const db = opts.auditKeys ? withAuditKeys(opened, opts.auditKeys) : opened;
    app.addHook('onClose', () => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    app.decorate('db', db);
    app.decorate('dbDialect', opts.database.dialect);
  },
  { name: 'db' },
);
