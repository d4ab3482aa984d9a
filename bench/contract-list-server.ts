// Server side of the contract list benchmark, run as its own process (bench/contract-list.ts pins it
// to CPU 0): the real server on SQLite in a temp data directory with the demo school, then a million
// contracts seeded into its database (bench/contract-list-seed.ts) while it is idle. Reads a SeedPlan
// as one JSON line on stdin; prints one JSON line, ContractListServerStarted, for the parent alone
// (throwaway passwords in a directory removed on exit); stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type SeedPlan, type SeedResult, seedContracts } from './contract-list-seed.ts';
import { storedBytes } from './contracts-server.ts';
import { startDemoServer } from './demo-server.ts';

export interface ContractListServerStarted {
  port: number;
  passwords: Record<string, string>;
  seeded: SeedResult;
  /** The database's pages in use before and after seeding. */
  databaseBytes: { before: number; after: number };
}

const dataDir = mkdtempSync(join(tmpdir(), 'openseal-bench-contract-list-'));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
try {
  const input = createInterface({ input: process.stdin });
  const plan = JSON.parse(await new Promise<string>((resolve) => input.once('line', resolve))) as SeedPlan;
  input.close();
  const { app, demo, port } = await startDemoServer(dataDir);
  if (!demo) throw new Error('the demo school was not seeded');
  const passwords = Object.fromEntries(demo.accounts.map((a) => [a.username, a.password]));
  const before = storedBytes(dataDir).databaseBytes;
  const seeded = seedContracts(join(dataDir, 'openseal.db'), plan);
  const databaseBytes = { before, after: storedBytes(dataDir).databaseBytes };
  process.stdout.write(
    `${JSON.stringify({ port, passwords, seeded, databaseBytes } satisfies ContractListServerStarted)}\n`,
  );
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
