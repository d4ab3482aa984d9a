import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import type { Database } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    dbDialect: DatabaseConfig['dialect'];
  }
}

/**
 * Opens the database, runs the migrations before the server accepts requests, closes it on close.
 * `carry` wraps the handle before anything uses it: the server passes the audit module's
 * `withAuditKeys`, so audit entries appended through it are keyed (plugins import no module).
 */
export const dbPlugin = fp<{ database: DatabaseConfig; carry?: (db: Kysely<Database>) => Kysely<Database> }>(
  async (app, opts) => {
    const opened = openDatabase(opts.database);
    const db = opts.carry ? opts.carry(opened) : opened;
    app.addHook('onClose', () => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    app.decorate('db', db);
    app.decorate('dbDialect', opts.database.dialect);
  },
  { name: 'db' },
);
