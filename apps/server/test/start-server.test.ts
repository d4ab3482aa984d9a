import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES } from '@openseal/contract';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig, ServerConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { readCheckpoints } from '../src/modules/audit/audit-checkpoint.ts';
import { readAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { appendAudit } from '../src/modules/audit/audit-log.ts';
import { checkpointDir } from '../src/modules/audit/checkpoint-file.ts';
import { verifyAuditChain } from '../src/modules/audit/verify-audit-chain.ts';
import { seedDemoOnFirstStart, startServer } from '../src/start-server.ts';
import { TEST_DATABASES } from './databases.ts';

let pkiDir: string;
let pki: Pki;
beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'openseal-start-'));
  await initPki({ dir: pkiDir, passphrase: 'start-test', keyAlgorithm: 'ecdsa-p256' });
  pki = await loadPki(pkiDir, 'start-test');
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

/** A server on a free loopback port, quiet, by default with the PKI directory as its data directory. */
const serverConfig = (database: DatabaseConfig, dataDir = pkiDir): ServerConfig => ({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  database,
  logLevel: 'silent',
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`startServer on ${kind.name}`, () => {
    it('serves the API and the PKI on one port and checkpoints the audit head at start and close', async () => {
      const target = await kind.create();
      // Its own data directory: the checkpoints there belong to this database only.
      const dataDir = mkdtempSync(join(tmpdir(), 'openseal-start-data-'));
      try {
        const app = await startServer(serverConfig(target.config, dataDir), pki);
        const { port } = app.server.address() as AddressInfo;
        const base = `http://127.0.0.1:${port}`;
        expect((await fetch(`${base}/health`)).status).toBe(200);
        const root = await fetch(`${base}/pki/ca/root-ca.cer`);
        expect(root.status).toBe(200);
        expect(Buffer.from(await root.arrayBuffer()).equals(pki.root.certificate.der)).toBe(true);

        await appendAudit(app.db, { action: 'login', outcome: 'success', actor: 'alice' });
        await app.close();

        const db = openDatabase(target.config);
        await migrateToLatest(db);
        const result = await verifyAuditChain(db, {
          keys: readAuditKeys({ dataDir })!,
          checkpoints: readCheckpoints(checkpointDir(dataDir)),
          tsaCertificates: [pki.tsa.certificate],
        });
        await db.destroy();
        expect(result).toMatchObject({
          ok: true,
          entries: 1,
          keyed: true,
          checkpoints: 2,
          lastCheckpoint: { seq: 1, timestamped: true },
        });
      } finally {
        await target.dispose();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('creates the demo school once, on the first start, and its accounts can sign in', async () => {
      const target = await kind.create();
      try {
        const app = await startServer(serverConfig(target.config), pki);
        const demo = await seedDemoOnFirstStart(app);
        expect(new Set(demo?.accounts.map((a) => a.role))).toEqual(new Set(ROLES));
        // With the PKI loaded, the first start also makes the demo seals.
        const seals = await app.db.selectFrom('seals').select('name').execute();
        expect(seals.map((s) => s.name)).toContain('示范大学教务处成绩专用章');
        expect(await seedDemoOnFirstStart(app)).toBeUndefined();
        const student = demo!.accounts.find((a) => a.role === 'member')!;
        const { port } = app.server.address() as AddressInfo;
        const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: student.username, password: student.password }),
        });
        expect(login.status).toBe(200);
        await app.close();
      } finally {
        await target.dispose();
      }
    });
  });
}
