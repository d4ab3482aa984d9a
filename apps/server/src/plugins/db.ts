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

/** Opens the database, runs the migrations before the server accepts requests, closes it on close. */
export const dbPlugin = fp<{ database: DatabaseConfig }>(
  async (app, opts) => {
    const db = openDatabase(opts.database);
    app.addHook('onClose', () => db.destroy());
    const applied = await migrateToLatest(db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    app.decorate('db', db);
    app.decorate('dbDialect', opts.database.dialect);
  },
  { name: 'db' },
);
