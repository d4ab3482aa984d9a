// Databases the benchmarks may fill and drop: SQLite in a temp directory, PostgreSQL in a new schema
// (selected through search_path, as apps/server/test/databases.ts does) dropped afterwards, so no
// existing data is touched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseConfig } from '@openseal/server';
import pg from 'pg';

export interface ThrowawayDatabase {
  name: 'sqlite' | 'postgresql';
  config: DatabaseConfig;
  dispose(): Promise<void>;
}

export function sqliteDatabase(prefix: string): ThrowawayDatabase {
  const dir = mkdtempSync(join(tmpdir(), `openseal-bench-${prefix}-`));
  return {
    name: 'sqlite',
    config: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresDatabase(url: string): Promise<ThrowawayDatabase> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgresql',
    config: { dialect: 'postgres', url: scoped.toString() },
    dispose: () => admin(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/** The PostgreSQL URL the benchmarks may use, if any. */
export const postgresUrl = (): string | undefined =>
  process.env['OPENSEAL_TEST_DATABASE_URL'] || process.env['DATABASE_URL'] || undefined;
