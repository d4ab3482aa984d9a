// Server side of the service API benchmark, run as its own process (bench/service-api.ts pins it to
// CPU 0): the real server on SQLite in a temp data directory with the demo school, and an approved
// service account made through the console API. Prints one JSON line, {port, key, sealId}, for the
// parent alone (a throwaway key in a directory removed on exit); stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from './demo-server.ts';
import { approvedServiceAccount } from './service-account-setup.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'openseal-bench-service-'));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
try {
  const { app, demo, port } = await startDemoServer(dataDir);
  if (!demo) throw new Error('the demo school was not seeded');
  const passwords = Object.fromEntries(demo.accounts.map((a) => [a.username, a.password]));
  const { key, sealId } = await approvedServiceAccount(`http://127.0.0.1:${port}`, passwords, {
    name: 'bench-oa',
    operations: ['stamp', 'batch-stamp', 'verify', 'read-ledger'],
    ratePerMinute: 1_000_000,
  });
  process.stdout.write(`${JSON.stringify({ port, key, sealId })}\n`);
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
