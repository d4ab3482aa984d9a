// A throw-away PKI for signing tests: initPki in a temp dir (passphrase 'test'), the in-process TSA,
// the in-process revocation source, and helpers to write and judge signed files.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTimestampAuthority,
  initPki,
  type KeyAlgorithm,
  loadPki,
  type Pki,
  type Timestamper,
} from '@openseal/pki';
import { pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import type { RevocationSource, SealCredentials } from '../../src/sign/sign-options.ts';

export interface TestPki {
  pki: Pki;
  dir: string;
  rootPem: string;
  credentials: SealCredentials;
  timestamper: Timestamper;
  revocation: RevocationSource;
  /** Writes `bytes` under the temp dir and returns the path. */
  save(name: string, bytes: Uint8Array): string;
  /** Stops the PKI's HTTP server process. */
  close(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The PKI served from a child process, since poppler fetches OCSP from the URL in each certificate. */
async function servePki(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./pki-server-process.ts', import.meta.url).pathname, dir, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`PKI server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

export async function createTestPki(keyAlgorithm: KeyAlgorithm = 'rsa-2048'): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-sign-'));
  const pkiDir = join(dir, 'pki');
  const port = await freePort();
  await initPki({ dir: pkiDir, passphrase: 'test', keyAlgorithm, baseUrl: `http://127.0.0.1:${port}/pki` });
  const pki = await loadPki(pkiDir, 'test');
  const server = await servePki(pkiDir, port);
  const timestamper = createTimestampAuthority({
    certificate: pki.tsa.certificate,
    signer: pki.tsa.signer,
    chain: [pki.issuing.certificate],
  });
  return {
    pki,
    dir,
    rootPem: pki.root.certificate.toPem(),
    credentials: {
      signer: pki.demoSeal.signer,
      certificate: pki.demoSeal.certificate,
      chain: [pki.issuing.certificate, pki.root.certificate],
    },
    timestamper,
    revocation: pkiRevocationSource(pki),
    save(name, bytes) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return file;
    },
    close: () => server.kill(),
  };
}

const FIXTURES = new URL('../fixtures/', import.meta.url);
export const FIXTURE_NAMES = [
  'chromium-print.pdf',
  'libreoffice.pdf',
  'mupdf.pdf',
  'qpdf-objstm.pdf',
  'qpdf-linearized.pdf',
] as const;
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

export const ROUND_SEAL = { kind: 'round', orgName: '示范大学', sealName: '成绩专用章' } as const;
