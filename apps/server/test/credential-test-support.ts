// Shared helpers for the credential tests: the app with an in-process renderer (no worker threads),
// the demo school with its seals, credential types and records, and the external validators.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPkiServer, initPki, loadPki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { seedDemoCredentials } from '../src/demo/seed-demo-credentials.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { createRenderAndSeal } from '../src/modules/credentials/render-and-seal.ts';
import type { CredentialRenderer } from '../src/modules/credentials/render-task.ts';
import { type SealServices, sealServicesFor } from '../src/modules/sealing/seal-services.ts';
import type { SealsContext } from '../src/modules/seals/seals-context.ts';
import { serverTimestamper } from '../src/server-pki.ts';
import type { TestDatabase, TestDatabaseKind } from './databases.ts';
import { type Session, signInDemo } from './identity-fixture.ts';
import type { TestPki } from './test-pki.ts';

/**
 * Renders and seals in this thread with the app's own seal services: what the worker pool does, minus
 * the threads. `seals` is read on first use, since the app (and its seal context) is built after this.
 */
export function inProcessRenderer(seals: () => SealsContext): CredentialRenderer & { renders: number } {
  const renderAndSeal = createRenderAndSeal();
  let services: (SealServices & { close(): void }) | undefined;
  const renderer = {
    renders: 0,
    async render(task: Parameters<CredentialRenderer['render']>[0]) {
      services ??= sealServicesFor(seals());
      renderer.renders += 1;
      return renderAndSeal(task, services);
    },
    async close() {
      services?.close();
    },
  };
  return renderer;
}

export interface CredentialFixture {
  app: FastifyInstance;
  db: TestDatabase;
  demo: DemoSchool;
  clock: { ms: number };
  renderer: CredentialRenderer & { renders: number };
  login(username: string): Promise<Session>;
  close(): Promise<void>;
}

/**
 * The app on `db` with the test PKI and its TSA, on the test's clock, with the demo school, its seals
 * and credential types. Without a `renderer`, the app renders on its own worker-thread pool.
 */
export async function buildCredentialApp(
  { pki, sm2Pki, dir }: TestPki,
  db: TestDatabase,
  clock: { ms: number },
  opts: { publicUrl?: string; demo?: boolean; portalDailyQuota?: number; renderer?: CredentialRenderer } = {},
): Promise<{ app: FastifyInstance; demo: DemoSchool }> {
  const app = await buildApp(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      database: db.config,
      logLevel: 'silent',
      kek: randomBytes(32),
      publicUrl: opts.publicUrl ?? 'https://verify.demo.edu.cn',
      ...(opts.demo ? { demo: true } : {}),
      ...(opts.portalDailyQuota ? { portalDailyQuota: opts.portalDailyQuota } : {}),
    },
    {
      clock: () => new Date(clock.ms),
      pki,
      ...(sm2Pki ? { sm2Pki } : {}),
      timestamper: serverTimestamper(pki, sm2Pki),
      renderer: opts.renderer,
      loginLimit: { maxAttempts: 1000, windowMs: 60_000 },
    },
  );
  const demo = await seedDemoSchool(app.db, new Date(clock.ms));
  await seedDemoSeals(app.seals, demo);
  await seedDemoCredentials(app.credentials, demo);
  return { app, demo };
}

/** buildCredentialApp on a fresh database, rendering in this thread. */
export async function credentialFixture(
  kind: TestDatabaseKind,
  testPki: TestPki,
  opts: { publicUrl?: string; demo?: boolean; portalDailyQuota?: number } = {},
): Promise<CredentialFixture> {
  const db = await kind.create();
  const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
  let built: FastifyInstance | undefined;
  const renderer = inProcessRenderer(() => (built as FastifyInstance).seals);
  const { app, demo } = await buildCredentialApp(testPki, db, clock, { ...opts, renderer });
  built = app;
  return {
    app,
    db,
    demo,
    clock,
    renderer,
    login: (username) => signInDemo(app, demo, username),
    async close() {
      await app.close();
      await renderer.close();
      await db.dispose();
    },
  };
}

/** poppler's text of a PDF, pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-text-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const res = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`pdftotext failed: ${res.stderr}`);
    return res.stdout.split('\f').filter((p) => p.trim() !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfsigResult {
  valid: boolean;
  trusted: boolean;
  totalDocumentSigned: boolean;
}

/**
 * A test PKI whose certificates name a PKI server on loopback (CA certificates, OCSP, CRLs), so NSS in
 * pdfsig can fetch what it needs, as apps/web/e2e does. Made before the fixture's clock (2026-09-01).
 */
export async function servedTestPki(name: string): Promise<TestPki & { close(): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const dir = mkdtempSync(join(tmpdir(), `openseal-${name}-`));
  await initPki({
    dir,
    passphrase: `${name}-test`,
    keyAlgorithm: 'ecdsa-p256',
    baseUrl: `http://127.0.0.1:${port}/pki`,
    now: new Date('2026-01-01T00:00:00Z'),
  });
  const pki = await loadPki(dir, `${name}-test`);
  const server: Server = createPkiServer(pki);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return {
    dir,
    pki,
    pdf: new Uint8Array(),
    remove,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      remove();
    },
  };
}

/**
 * pdfsig's lines for each signature, against an NSS database trusting `rootPem` (NOTES.md: it exits 0
 * regardless). Asynchronous: NSS may fetch from the PKI server running in this process.
 */
export async function pdfsig(
  pdf: Uint8Array,
  rootPem: string,
): Promise<{ signatures: PdfsigResult[]; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-nss-'));
  try {
    writeFileSync(join(dir, 'root.pem'), rootPem);
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
    };
    run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
    run('certutil', [
      '-A',
      '-d',
      `sql:${dir}`,
      '-n',
      'root',
      '-t',
      'CT,C,C',
      '-a',
      '-i',
      join(dir, 'root.pem'),
    ]);
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const output = await new Promise<string>((resolve) => {
      execFile(
        'pdfsig',
        ['-nssdir', `sql:${dir}`, join(dir, 'doc.pdf')],
        { encoding: 'utf8' },
        (_e, out, err) => resolve(`${out}${err}`),
      );
    });
    const signatures = output
      .split(/^Signature #\d+:$/m)
      .slice(1)
      .map((block) => ({
        valid: /- Signature Validation: Signature is Valid\./.test(block),
        trusted: /- Certificate Validation: Certificate is Trusted\./.test(block),
        totalDocumentSigned: /- Total document signed/.test(block),
      }));
    return { signatures, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
