// Child of bench/credential-batch.ts, run on both cores (taskset -c 0,1): the real server on SQLite
// in a temp data directory with a fresh RSA-2048 PKI and the demo school, then
//  1. 200 sequential portal requests as the demo `student` (POST /api/portal/credentials, then GET the
//     PDF), after 5 uncounted warm-up requests: latency from the request until the PDF is downloaded;
//  2. one batch job of N one-page transcripts (40 course rows, QR footer, PAdES B-LT) created over
//     HTTP by the demo registrar, timed from the POST until the job reads 'completed'.
// Prints one JSON line (BatchResult) on stdout for the parent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, seedDemoCohort } from '@openseal/server';
import { startDemoServer } from './demo-server.ts';

export interface BatchResult {
  documents: number;
  seconds: number;
  done: number;
  failed: number;
  credentials: number;
  peakRssMiB: number;
  /** CPU time of the whole process (every thread) during the batch: what the wall time is made of. */
  cpuSeconds: number;
  singleP50Ms: number;
  singleP99Ms: number;
  singleCount: number;
  singleFailures: number;
  /** A new data directory's first start: migrations, the built-in PKI and the whole demo seed. */
  firstStartMs: number;
}

const TYPE = 'major-transcript-zh';
const COHORT = 'bench-batch';
const documents = Number(process.env['BENCH_BATCH_DOCUMENTS'] ?? 7000);
const singles = Number(process.env['BENCH_BATCH_SINGLES'] ?? 200);
const WARMUP = 5;
const log = (line: string) => process.stderr.write(`credential batch: ${line}\n`);

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

const dataDir = mkdtempSync(join(tmpdir(), 'openseal-bench-batch-'));
try {
  const startedAt = performance.now();
  const { app, demo, port } = await startDemoServer(dataDir, { portalDailyQuota: singles + WARMUP });
  // A new school's first start: migrations, the PKI, and the whole demo seed.
  const firstStartMs = performance.now() - startedAt;
  if (!demo) throw new Error('the demo school was not created');
  const base = `http://127.0.0.1:${port}`;
  const signIn = async (username: string) => {
    const password = demo.accounts.find((a) => a.username === username)?.password;
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200)
      throw new Error(`${username} could not sign in: ${res.status} ${await res.text()}`);
    const cookie = String(res.headers.get('set-cookie')).split(';', 1)[0] as string;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return { cookie, 'x-csrf-token': csrfToken };
  };

  // The cohort: N generated graduates with their 40-course transcripts, as the academic system sends them.
  await seedDemoCohort(app, { typeCode: TYPE, cohort: COHORT, count: documents, seed: 20260701 });

  // 1. Single requests through the portal, one after another.
  const student = await signIn('student');
  const latencies: number[] = [];
  let singleFailures = 0;
  // The first requests start the renderer threads and warm them up; they are not counted.
  for (let i = -WARMUP; i < singles; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/portal/credentials`, {
      method: 'POST',
      headers: { ...student, 'content-type': 'application/json' },
      body: JSON.stringify({ typeCode: TYPE, purpose: 'bench' }),
    });
    const body = (await res.json()) as { status?: string; credential?: { id: string } };
    if (res.status >= 300 || body.status !== 'issued' || !body.credential) {
      singleFailures++;
      if (singleFailures === 1) log(`portal request failed: ${res.status} ${JSON.stringify(body)}`);
      continue;
    }
    const pdf = await fetch(`${base}/api/portal/credentials/${body.credential.id}/pdf`, { headers: student });
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    if (pdf.status !== 200 || bytes.length < 1000) {
      singleFailures++;
      continue;
    }
    if (i >= 0) latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);

  // 2. The batch, through the job API, as the registrar.
  const creator = await signIn('creator');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const created = await fetch(`${base}/api/credential-jobs`, {
    method: 'POST',
    headers: { ...creator, 'content-type': 'application/json' },
    body: JSON.stringify({ typeCode: TYPE, cohort: COHORT }),
  });
  const job = (await created.json()) as { id: string; total: number };
  if (created.status !== 201) throw new Error(`job not created: ${created.status} ${JSON.stringify(job)}`);
  let state: { status: string; done: number; failed: number; errors: { code: string; message: string }[] };
  let lastLog = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const res = await fetch(`${base}/api/credential-jobs/${job.id}`, { headers: creator });
    state = (await res.json()) as typeof state;
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      log(
        `${state.done + state.failed}/${job.total} after ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    if (state.status === 'completed') break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (state.failed > 0) log(`first failure: ${JSON.stringify(state.errors[0])}`);
  // Counted through a second handle on the server's SQLite file: what the job stored.
  const db = openDatabase({ dialect: 'sqlite', file: join(dataDir, 'openseal.db') });
  const issued = await db
    .selectFrom('credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('job_id', '=', job.id)
    .executeTakeFirstOrThrow();
  await db.destroy();
  await app.close();
  // The kernel's high-water mark for the whole process (every worker thread included).
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const result: BatchResult = {
    documents: job.total,
    seconds,
    done: state.done,
    failed: state.failed,
    credentials: Number(issued.n),
    peakRssMiB: peakRss / 1048576,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    singleP50Ms: percentile(latencies, 50),
    singleP99Ms: percentile(latencies, 99),
    singleCount: latencies.length,
    singleFailures,
    firstStartMs,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
