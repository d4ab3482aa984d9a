import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { buildApp } from '../src/app.ts';
import type { DatabaseConfig } from '../src/config.ts';

export interface TestPki {
  /** The temporary directory holding the PKI; tests also use it as the server's data directory. */
  dir: string;
  pki: Pki;
  /** A one-page A4 PDF with the title the test chose, saved without object streams. */
  pdf: Uint8Array;
  /** Removes the directory. */
  remove(): void;
}

/**
 * A PKI in a fresh temporary directory and a one-page PDF titled `title`. The PKI is made before the
 * test clock's date (2026-09-01), so every certificate is valid when a seal is used.
 */
export async function makeTestPki(name: string, title: string): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), `openseal-${name}-`));
  await initPki({
    dir,
    passphrase: `${name}-test`,
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const pki = await loadPki(dir, `${name}-test`);
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(title, { x: 72, y: 760, size: 18 });
  const pdf = await doc.save({ useObjectStreams: false });
  return { dir, pki, pdf, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The app on `database`, signing with this PKI and its timestamp authority, on the test's clock. */
export function buildPkiApp(
  { dir, pki }: TestPki,
  database: DatabaseConfig,
  kek: Buffer,
  clock: () => Date,
): Promise<FastifyInstance> {
  const timestamper = createTimestampAuthority({
    certificate: pki.tsa.certificate,
    signer: pki.tsa.signer,
    chain: [pki.issuing.certificate],
  });
  return buildApp(
    { port: 0, host: '127.0.0.1', dataDir: dir, database, logLevel: 'silent', kek },
    { clock, pki, timestamper },
  );
}
