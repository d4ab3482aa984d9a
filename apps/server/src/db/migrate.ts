import { errorMessage } from '@openseal/common';
import { type Kysely, Migrator, sql } from 'kysely';
import { dialectOf } from './dialect.ts';
import { MIGRATIONS } from './migrations/index.ts';

/**
 * Brings the schema to the latest migration; throws the first failure with the migration's name.
 * On PostgreSQL the bookkeeping tables go in current_schema(): Kysely otherwise looks for them in
 * every schema and would take another schema's (a deployment sharing a database) as its own.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((r) => r.migrationName);
}
