import { type Kysely, SqliteAdapter } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Which SQL dialect a Kysely instance speaks, for the few DDL types that differ. */
export function dialectOf<DB>(db: Kysely<DB>): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}
