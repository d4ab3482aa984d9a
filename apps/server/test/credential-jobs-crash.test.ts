// A batch job survives kill -9, twice: the real server (`openseal serve`) in its own process is killed
// mid-job, started again on the same data directory, resumes the job by itself, is killed again, and
// the third start finishes with exactly one credential (and one ledger row, one audit entry) per
// person, every file in the store under its own hash, and the audit chain intact. Each kill leaves at
// most the runner's window of sealed files without a ledger row, all swept by the end, and each seal
// signs about once per credential. OPENSEAL_CRASH_DRILL_PEOPLE sets the batch size (default 400; the
// issue's drill is 2,000).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Certificate } from '@openseal/pki';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { demoRecordFor, demoStudents } from '../src/demo/credentials/sample-people.ts';
import { readCheckpoints } from '../src/modules/audit/audit-checkpoint.ts';
import { readAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { checkpointDir } from '../src/modules/audit/checkpoint-file.ts';
import { verifyAuditChain } from '../src/modules/audit/verify-audit-chain.ts';
import { insertRecords } from '../src/modules/credentials/records-service.ts';
import { fileEncryption } from '../src/plugins/file-encryption.ts';
import { localFileStore } from '../src/plugins/file-store.ts';
import { loadOrCreateKek } from '../src/plugins/keys.ts';
import { TEST_DATABASES } from './databases.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const TYPE = 'major-transcript-zh';
const COHORT = 'crash-test';
const PEOPLE = Number(process.env.OPENSEAL_CRASH_DRILL_PEOPLE ?? 400);
/** The job runner's defaults (job-runner.ts): group size, and items started but not committed. */
const GROUP = 25;
const WINDOW = 2 * GROUP;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

interface Server {
  child: ChildProcess;
  /** Everything the process printed on stdout (the demo accounts on the first start). */
  stdout: string;
}

/** `openseal serve` on `dataDir` and `port`; resolves once it is listening. */
async function serve(dataDir: string, port: number, database: DatabaseConfig): Promise<Server> {
  const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/openseal.js'), 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      OPENSEAL_DATA_DIR: dataDir,
      PORT: String(port),
      OPENSEAL_PASSPHRASE: 'crash-test-passphrase',
      // What readers open from the printed QR code; a server without it issues nothing.
      OPENSEAL_PUBLIC_URL: 'https://verify.demo.edu.cn',
      LOG_LEVEL: 'warn',
      ...(database.dialect === 'postgres' ? { DATABASE_URL: database.url } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const server: Server = { child, stdout: '' };
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      server.stdout += chunk.toString('utf8');
      if (server.stdout.includes('OpenSeal serving on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`openseal serve exited with ${code}: ${server.stdout}`)));
  });
  return server;
}

/** Every file in the content-addressed store (DATA_DIR/files/ab/cd/<sha256>). */
function storedFiles(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/^[0-9a-f]{64}$/.test(e.name)) out.add(e.name);
    }
  };
  try {
    walk(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return out;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`credential job killed mid-way on ${kind.name}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openseal-crash-'));
    const servers: ChildProcess[] = [];
    afterAll(async () => {
      for (const child of servers) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited(child);
      }
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'resumes after kill -9 twice, issues exactly one credential per person and sweeps the orphans',
      async () => {
        const target = await kind.create();
        const database: DatabaseConfig =
          target.config.dialect === 'sqlite'
            ? { dialect: 'sqlite', file: join(dataDir, 'openseal.db') }
            : target.config;
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const first = await serve(dataDir, port, database);
        servers.push(first.child);
        const password = /business_creator\s+creator\s+(\S+)/.exec(first.stdout)?.[1];
        expect(password, 'the demo accounts are printed on the first start').toBeDefined();

        // The cohort, as the academic system would push it.
        const db = openDatabase(database);
        try {
          const now = new Date();
          const items = demoStudents(PEOPLE, 4242).map((s, i) => ({
            externalId: `crash-${i}`,
            subject: `c${String(i).padStart(4, '0')}`,
            subjectName: s.name,
            cohort: COHORT,
            data: demoRecordFor(TYPE, s, now),
          }));
          await db.transaction().execute((trx) => insertRecords(trx, TYPE, items, 'demo', now));
          const filesDir = join(dataDir, 'files');
          const before = storedFiles(filesDir);
          /** Files of this job that no credential refers to. */
          const orphans = async () => {
            const recorded = new Set(
              (await db.selectFrom('credentials').select('sha256').execute()).map((c) => c.sha256),
            );
            return [...storedFiles(filesDir)].filter((f) => !before.has(f) && !recorded.has(f));
          };

          const login = await fetch(`${base}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'creator', password }),
          });
          expect(login.status).toBe(200);
          const headers = {
            cookie: String(login.headers.get('set-cookie')).split(';', 1)[0] as string,
            'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
          };
          const created = await fetch(`${base}/api/credential-jobs`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ typeCode: TYPE, cohort: COHORT }),
          });
          expect(created.status).toBe(201);
          const { id: jobId } = (await created.json()) as { id: string };
          const jobState = async () =>
            (await (await fetch(`${base}/api/credential-jobs/${jobId}`, { headers })).json()) as {
              status: string;
              done: number;
              failed: number;
              total: number;
              errors: { code: string; message: string }[];
            };

          /** Kills `server` with SIGKILL once the job has `done` past `atLeast`; returns the orphans left. */
          const killWhenPast = async (server: Server, atLeast: number) => {
            let state = await jobState();
            while (state.done <= atLeast && state.status !== 'completed') {
              await sleep(50);
              state = await jobState();
            }
            server.child.kill('SIGKILL');
            await exited(server.child);
            expect(server.child.signalCode).toBe('SIGKILL');
            expect(state.done).toBeLessThan(PEOPLE);
            return orphans();
          };
          const drill: string[] = [];
          const firstOrphans = await killWhenPast(first, 50);
          drill.push(`kill 1: ${firstOrphans.length} sealed files without a ledger row`);
          expect(firstOrphans.length).toBeLessThanOrEqual(WINDOW);

          const second = await serve(dataDir, port, database);
          servers.push(second.child);
          const secondOrphans = await killWhenPast(second, Math.floor(PEOPLE / 2));
          drill.push(`kill 2: ${secondOrphans.length} sealed files without a ledger row`);
          // The second run swept what the first left (its own staged files are newer than the grace).
          expect(secondOrphans.filter((f) => firstOrphans.includes(f))).toEqual([]);
          expect(secondOrphans.length).toBeLessThanOrEqual(WINDOW);

          const third = await serve(dataDir, port, database);
          servers.push(third.child);
          let after = await jobState();
          for (let i = 0; i < PEOPLE * 4 && after.status !== 'completed'; i++) {
            await sleep(250);
            after = await jobState();
          }
          expect(after, JSON.stringify(after.errors.slice(0, 3))).toMatchObject({
            status: 'completed',
            total: PEOPLE,
            done: PEOPLE,
            failed: 0,
          });
          // The finished job swept every file no credential refers to.
          const left = await orphans();
          drill.push(`after the sweep: ${left.length} orphaned files`);
          expect(left).toEqual([]);
          // About one signature per credential: every render is counted before it starts.
          const { renders } = await db
            .selectFrom('credential_jobs')
            .select('renders')
            .where('id', '=', jobId)
            .executeTakeFirstOrThrow();
          drill.push(`renders (signatures per seal, at most): ${renders} for ${PEOPLE} credentials`);
          expect(renders).toBeGreaterThanOrEqual(PEOPLE);
          expect(renders).toBeLessThanOrEqual(PEOPLE + 2 * (WINDOW + GROUP));
          console.info(`crash drill on ${kind.name}, ${PEOPLE} people: ${drill.join('; ')}`);

          const counts = await db
            .selectFrom('credentials')
            .select((eb) => [
              eb.fn.countAll<number>().as('n'),
              eb.fn.count<number>('subject').distinct().as('subjects'),
            ])
            .where('job_id', '=', jobId)
            .executeTakeFirstOrThrow();
          expect(Number(counts.n)).toBe(PEOPLE);
          expect(Number(counts.subjects)).toBe(PEOPLE);
          const items2 = await db
            .selectFrom('credential_job_items')
            .select(['status', 'credential_id'])
            .where('job_id', '=', jobId)
            .execute();
          expect(items2.every((i) => i.status === 'done' && i.credential_id !== null)).toBe(true);
          // One ledger row and one audit entry per credential: nothing of the killed run was half-written.
          const ledger = await db
            .selectFrom('sealed_documents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('purpose', '=', `credential:${TYPE}`)
            .executeTakeFirstOrThrow();
          const issuedEverywhere = await db
            .selectFrom('credentials')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('type_code', '=', TYPE)
            .executeTakeFirstOrThrow();
          expect(Number(ledger.n)).toBe(Number(issuedEverywhere.n));
          const audited = await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'credential.issue')
            .executeTakeFirstOrThrow();
          expect(Number(audited.n)).toBe(Number(issuedEverywhere.n));

          // Every credential's file is in the store, decrypts and still hashes to its name (get() re-hashes).
          const files = localFileStore(
            join(dataDir, 'files'),
            fileEncryption('standard', () => loadOrCreateKek(dataDir)),
          );
          const creds = await db
            .selectFrom('credentials')
            .select('sha256')
            .where('job_id', '=', jobId)
            .execute();
          for (const c of creds) expect((await files.get(c.sha256)).length).toBeGreaterThan(1000);

          third.child.kill('SIGTERM');
          await exited(third.child);
          const tsa = Certificate.fromPem(readFileSync(join(dataDir, 'pki', 'tsa.pem'), 'utf8'));
          const chain = await verifyAuditChain(db, {
            keys: readAuditKeys({ dataDir })!,
            checkpoints: readCheckpoints(checkpointDir(dataDir)),
            tsaCertificates: tsa,
          });
          expect(chain.ok, JSON.stringify(chain)).toBe(true);
        } finally {
          await db.destroy();
          await target.dispose();
        }
      },
      300_000 + PEOPLE * 1000,
    );
  });
}
