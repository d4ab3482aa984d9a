// The server's two built-in hierarchies as `npm start` opens them: the SM2 one is created beside the
// first on a fresh data directory and on an existing deployment that lacks it, neither is touched
// once made, and both are served on the platform's port (/pki/ and /pki-sm2/).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Certificate, initPki } from '@openseal/pki';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerPki, serverPkiDir, serverSm2PkiDir } from '../src/server-pki.ts';
import { startServer } from '../src/start-server.ts';
import { TEST_DATABASES } from './databases.ts';

const passphrase = 'server pki passphrase';
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-server-pki-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const rootOf = (dir: string) => readFileSync(join(dir, 'root-ca.pem'), 'utf8');

describe('openServerPki', () => {
  it('makes both hierarchies on the first start: the second all SM2, its URLs under /pki-sm2', async () => {
    const config = { dataDir: dataDir(), port: 8123 };
    const first = await openServerPki(config, passphrase);
    expect(first).toMatchObject({ created: true, sm2Created: true });
    expect(first.pki.root.certificate.keyType).not.toBe('sm2');
    for (const e of [first.sm2Pki.root, first.sm2Pki.issuing, first.sm2Pki.tsa, first.sm2Pki.ocsp])
      expect(e.certificate.keyType).toBe('sm2');
    expect(first.sm2Pki.baseUrl).toBe('http://localhost:8123/pki-sm2');
    // Told apart by name too, so no chain is ever built across them.
    expect(first.sm2Pki.root.certificate.subjectDer).not.toEqual(first.pki.root.certificate.subjectDer);

    const again = await openServerPki(config, passphrase);
    expect(again).toMatchObject({ created: false, sm2Created: false });
    expect(again.sm2Pki.root.certificate.der).toEqual(first.sm2Pki.root.certificate.der);
  });

  it('adds the SM2 hierarchy to a deployment made before it, leaving the first one as it was', async () => {
    const config = { dataDir: dataDir(), port: 8124 };
    await initPki({ dir: serverPkiDir(config), passphrase, baseUrl: 'http://localhost:8124/pki' });
    const before = rootOf(serverPkiDir(config));
    const opened = await openServerPki(config, passphrase);
    expect(opened).toMatchObject({ created: false, sm2Created: true });
    expect(rootOf(serverPkiDir(config))).toBe(before);
    expect(Certificate.fromPem(rootOf(serverSm2PkiDir(config)))[0]?.keyType).toBe('sm2');
  });

  it('makes the SM2 hierarchy again over a start that died before finishing it (no pki.json yet)', async () => {
    const config = { dataDir: dataDir(), port: 8125 };
    mkdirSync(serverSm2PkiDir(config), { recursive: true });
    writeFileSync(join(serverSm2PkiDir(config), 'root-ca.pem'), 'partial');
    const opened = await openServerPki(config, passphrase);
    expect(opened.sm2Created).toBe(true);
    expect(opened.sm2Pki.root.certificate.keyType).toBe('sm2');
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`both hierarchies served on ${kind.name}`, () => {
    it('answers /pki/ and /pki-sm2/ with each one’s CA certificates and CRLs', async () => {
      const target = await kind.create();
      const dir = dataDir();
      try {
        const { pki, sm2Pki } = await openServerPki({ dataDir: dir, port: 0 }, passphrase);
        const app = await startServer(
          { port: 0, host: '127.0.0.1', dataDir: dir, database: target.config, logLevel: 'silent' },
          pki,
          sm2Pki,
        );
        try {
          const { port } = app.server.address() as AddressInfo;
          const get = async (path: string) => {
            const res = await fetch(`http://127.0.0.1:${port}${path}`);
            expect(res.status, path).toBe(200);
            return new Uint8Array(await res.arrayBuffer());
          };
          expect(await get('/pki/ca/root-ca.cer')).toEqual(new Uint8Array(pki.root.certificate.der));
          expect(await get('/pki-sm2/ca/root-ca.cer')).toEqual(new Uint8Array(sm2Pki.root.certificate.der));
          expect(await get('/pki-sm2/ca/issuing-ca.cer')).toEqual(
            new Uint8Array(sm2Pki.issuing.certificate.der),
          );
          expect((await get('/pki-sm2/crl/issuing-ca.crl')).length).toBeGreaterThan(0);
        } finally {
          await app.close();
        }
      } finally {
        await target.dispose();
      }
    });
  });
}
