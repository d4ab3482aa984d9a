// The real server for the benchmarks that go through HTTP: SQLite in the caller's temp data
// directory, a fresh RSA-2048 PKI under it and the demo school, listening on a free local port.
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { initPki, loadPki } from '@openseal/pki';
import { seedDemoOnFirstStart, startServer } from '@openseal/server';

// The PKI lives and dies with the temp directory; its passphrase guards nothing worth keeping.
const passphrase = 'bench-passphrase';

/** `portalDailyQuota`: raised by a bench that asks the portal for hundreds of one person's credentials. */
export async function startDemoServer(dataDir: string, opts: { portalDailyQuota?: number } = {}) {
  const pkiDir = join(dataDir, 'pki');
  await initPki({ dir: pkiDir, passphrase, keyAlgorithm: 'rsa-2048' });
  const app = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: { dialect: 'sqlite', file: join(dataDir, 'openseal.db') },
      logLevel: 'silent',
      // The demo school on one machine: credentials may print this loopback address.
      demo: true,
      ...opts,
    },
    await loadPki(pkiDir, passphrase),
  );
  const demo = await seedDemoOnFirstStart(app);
  const { port } = app.server.address() as AddressInfo;
  return { app, demo, port };
}
