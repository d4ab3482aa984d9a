import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { type AppDeps, buildApp } from '../src/app.ts';
import type { DatabaseConfig } from '../src/config.ts';
import { initSm2Pki, serverTimestamper } from '../src/server-pki.ts';

export interface TestPki {
  /** The temporary directory holding the PKI; tests also use it as the server's data directory. */
  dir: string;
  pki: Pki;
  /** The SM2 hierarchy beside it (in DIR/pki-sm2), when the test asked for one. */
  sm2Pki?: Pki;
  /** A one-page A4 PDF with the title the test chose, saved without object streams. */
  pdf: Uint8Array;
  /** Removes the directory. */
  remove(): void;
}

/**
 * A PKI in a fresh temporary directory and a one-page PDF titled `title`. The PKI is made before the
 * test clock's date (2026-09-01), so every certificate is valid when a seal is used.
 */
export async function makeTestPki(
  name: string,
  title: string,
  opts: { sm2?: boolean } = {},
): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), `openseal-${name}-`));
  await initPki({
    dir,
    passphrase: `${name}-test`,
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const pki = await loadPki(dir, `${name}-test`);
  let sm2Pki: Pki | undefined;
  if (opts.sm2) {
    const sm2Dir = join(dir, 'pki-sm2');
    await initSm2Pki({ dir: sm2Dir, passphrase: `${name}-test`, now: new Date('2026-01-01T00:00:00Z') });
    sm2Pki = await loadPki(sm2Dir, `${name}-test`);
  }
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(title, { x: 72, y: 760, size: 18 });
  const pdf = await doc.save({ useObjectStreams: false });
  return {
    dir,
    pki,
    ...(sm2Pki ? { sm2Pki } : {}),
    pdf,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The app on `database`, signing with this PKI (and the SM2 one, if made) and their timestamp
 * authorities, on the test's clock; `extra` adds or replaces dependencies.
 */
export function buildPkiApp(
  { dir, pki, sm2Pki }: TestPki,
  database: DatabaseConfig,
  kek: Buffer,
  clock: () => Date,
  extra: Partial<AppDeps> = {},
): Promise<FastifyInstance> {
  return buildApp(
    { port: 0, host: '127.0.0.1', dataDir: dir, database, logLevel: 'silent', kek },
    { clock, pki, ...(sm2Pki ? { sm2Pki } : {}), timestamper: serverTimestamper(pki, sm2Pki), ...extra },
  );
}
