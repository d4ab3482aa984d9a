// Server side of the HTTP sealing benchmark, run as its own process (bench/http-seal.ts pins it to
// CPU 0): the real server on SQLite in a temp data directory, with a fresh PKI and the demo school.
// Prints one JSON line on stdout, {port, username, password} of the demo business creator, for the
// parent alone (a throwaway account in a directory removed on exit); stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from './demo-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'openseal-bench-http-'));
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
try {
  const { app, demo, port } = await startDemoServer(dataDir);
  const creator = demo?.accounts.find((a) => a.username === 'creator');
  if (!creator) throw new Error('the demo school has no creator account');
  process.stdout.write(
    `${JSON.stringify({ port, username: creator.username, password: creator.password })}\n`,
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
