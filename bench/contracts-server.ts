// Server side of the contracts benchmark, run as its own process (bench/contracts.ts pins it to CPU
// 0): the real server on SQLite in a temp data directory with a fresh PKI and the demo school. Prints
// one JSON line, ContractsServerStarted, for the parent alone (throwaway passwords in a directory
// removed on exit). Then answers each `measure` line on stdin with one JSON line, StoredBytes (with the
// CPU time the server has used); stops on SIGTERM.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import { startDemoServer } from './demo-server.ts';

export interface ContractsServerStarted {
  port: number;
  /** The demo school's passwords by username: the load generator signs in and makes its signers. */
  passwords: Record<string, string>;
}

export interface StoredBytes {
  /** Every file under the data directory but the database's own (file store, uploads, PKI, audit checkpoints). */
  fileBytes: number;
  /** The database's pages in use (page_count − freelist_count) × page_size, WAL content included. */
  databaseBytes: number;
  /** CPU time the server process has used so far (all its threads, user and system), in milliseconds. */
  cpuMs: number;
}

const DATABASE_FILE = 'openseal.db';

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile() && !entry.name.startsWith(DATABASE_FILE)) total += statSync(path).size;
  }
  return total;
}

/** What the server has stored so far; a read-only connection sees the committed pages, WAL included. */
export function storedBytes(dataDir: string): Omit<StoredBytes, 'cpuMs'> {
  const db = new SqliteDatabase(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    return {
      fileBytes: bytesUnder(dataDir),
      databaseBytes: (pragma('page_count') - pragma('freelist_count')) * pragma('page_size'),
    };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dataDir = mkdtempSync(join(tmpdir(), 'openseal-bench-contracts-'));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const { app, demo, port } = await startDemoServer(dataDir);
    if (!demo) throw new Error('the demo school was not seeded');
    const passwords = Object.fromEntries(demo.accounts.map((a) => [a.username, a.password]));
    process.stdout.write(`${JSON.stringify({ port, passwords } satisfies ContractsServerStarted)}\n`);
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim() !== 'measure') return;
      const { user, system } = process.cpuUsage();
      const measured: StoredBytes = { ...storedBytes(dataDir), cpuMs: (user + system) / 1000 };
      process.stdout.write(`${JSON.stringify(measured)}\n`);
    });
    process.once('SIGTERM', () => {
      void app
        .close()
        .finally(cleanUp)
        .then(() => process.exit(0));
    });
  } catch (e) {
    cleanUp();
    throw e;
  }
}
