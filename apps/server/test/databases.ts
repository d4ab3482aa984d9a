import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.ts';

export interface TestDatabase {
  config: DatabaseConfig;
  /** Drops what create() made. */
  dispose(): Promise<void>;
}

export interface TestDatabaseKind {
  name: 'sqlite' | 'postgres';
  /** Why this kind is skipped, when it is. */
  skip?: string;
  create(): Promise<TestDatabase>;
}

const pgUrl = process.env['OPENSEAL_TEST_DATABASE_URL'];

/**
 * The databases every server suite runs against: SQLite always, PostgreSQL when
 * OPENSEAL_TEST_DATABASE_URL is set (.ci/postgres.sh prints one). Each create() gives a fresh,
 * empty database: a temp SQLite file, or a new PostgreSQL schema selected through search_path.
 */
export const TEST_DATABASES: readonly TestDatabaseKind[] = [
  {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'openseal-db-'));
      return {
        config: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
        async dispose() {
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    ...(pgUrl ? {} : { skip: 'OPENSEAL_TEST_DATABASE_URL is not set (bash .ci/postgres.sh prints one)' }),
    async create() {
      if (!pgUrl) throw new Error('OPENSEAL_TEST_DATABASE_URL is not set');
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const url = new URL(pgUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        config: { dialect: 'postgres', url: url.toString() },
        async dispose() {
          const c = new pg.Client({ connectionString: pgUrl });
          await c.connect();
          await c.query(`DROP SCHEMA ${schema} CASCADE`);
          await c.end();
        },
      };
    },
  },
];

if (!pgUrl) {
  process.stderr.write(
    'PostgreSQL server tests skipped: OPENSEAL_TEST_DATABASE_URL is not set (bash .ci/postgres.sh prints one)\n',
  );
}
