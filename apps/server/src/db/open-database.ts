import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';

const PG_INT8_OID = 20;
/** Prepared SQLite statements kept, by their SQL text, least recently used dropped first. */
const KEPT_STATEMENTS = 500;

/**
 * The SQLite file with its prepared statements kept for reuse: Kysely prepares every query anew,
 * which was a tenth of a stamp's time under load. A statement still being iterated (a streamed query)
 * is busy and cannot run again, so that one query gets a fresh statement.
 */
function keepingStatements(file: SqliteDatabase.Database): SqliteDialectConfig['database'] {
  const kept = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => file.close(),
    prepare(sql) {
      const statement = kept.get(sql);
      if (statement?.busy) return file.prepare(sql);
      kept.delete(sql);
      const fresh = statement ?? file.prepare(sql);
      kept.set(sql, fresh);
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value as string);
      return fresh;
    },
  };
}

/** Opens the configured database. Nothing is migrated here; see migrateToLatest. */
export function openDatabase(config: DatabaseConfig): Kysely<Database> {
  if (config.dialect === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true });
    const file = new SqliteDatabase(config.file);
    // WAL lets readers (audit verify, health) run beside the writer; busy_timeout waits for a
    // writer in another process instead of failing at once with SQLITE_BUSY.
    file.pragma('journal_mode = WAL');
    file.pragma('busy_timeout = 5000');
    file.pragma('foreign_keys = ON');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: keepingStatements(file) }) });
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    // bigint columns (seq) come back as JS numbers; audit seqs stay far below 2^53. Set per pool,
    // not via pg.types.setTypeParser, which would change every pool in the process.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
