// Batch issuing through the real job path: `npm run bench` pins itself to CPU 0, but a cohort job is
// meant to use every core (worker threads render and seal), so the server runs in a child process
// given both cores (taskset -c 0,1; bench/credential-batch-child.ts). This process only waits.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BatchResult } from './credential-batch-child.ts';
import { report } from './measure.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));

export interface CredentialBatchOptions {
  documents: number;
  singles: number;
  /** The goal: the whole batch within this many seconds. */
  goalSeconds: number;
  /** Peak RSS goal in MiB. */
  goalRssMiB: number;
}

/** Prints the batch figures; false when anything failed or a goal was missed. */
export async function benchCredentialBatch(opts: CredentialBatchOptions): Promise<boolean> {
  const cpuList = cpus().length > 1 ? '0,1' : '0';
  const child = spawn(
    'taskset',
    ['-c', cpuList, process.execPath, '--import', 'tsx', join(benchDir, 'credential-batch-child.ts')],
    {
      cwd: dirname(benchDir),
      env: {
        ...process.env,
        BENCH_BATCH_DOCUMENTS: String(opts.documents),
        BENCH_BATCH_SINGLES: String(opts.singles),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    process.stderr.write(`bench: the credential batch child exited with ${code}\n`);
    return false;
  }
  const r = JSON.parse(line) as BatchResult;
  process.stdout.write(
    `credential batch: server on cpus ${cpuList}, SQLite, ${r.documents} one-page transcripts (40 course rows, QR footer, PAdES B-LT), job API\n`,
  );
  report(`credential batch ${r.documents} transcripts`, r.seconds, 's');
  report('credential batch rate', r.documents / r.seconds, 'docs/s');
  report('credential batch peak rss', r.peakRssMiB, 'MiB');
  report('credential batch cpu per document', (r.cpuSeconds * 1000) / r.documents, 'ms');
  report('credential single request p50', r.singleP50Ms, 'ms');
  report('credential single request p99', r.singleP99Ms, 'ms');
  report('demo first start (migrations, PKI, demo seed)', r.firstStartMs, 'ms');
  const ok =
    r.done === r.documents &&
    r.failed === 0 &&
    r.credentials === r.documents &&
    r.singleFailures === 0 &&
    r.singleCount === opts.singles;
  if (!ok)
    process.stderr.write(
      `bench: credential batch issued ${r.credentials}/${r.documents} (failed ${r.failed}); portal failures ${r.singleFailures}\n`,
    );
  if (r.seconds > opts.goalSeconds)
    process.stderr.write(
      `bench: the credential batch took ${r.seconds.toFixed(1)} s (goal ${opts.goalSeconds} s)\n`,
    );
  if (r.peakRssMiB > opts.goalRssMiB)
    process.stderr.write(
      `bench: credential batch peak RSS ${Math.round(r.peakRssMiB)} MiB (goal ${opts.goalRssMiB})\n`,
    );
  return ok && r.seconds <= opts.goalSeconds && r.peakRssMiB <= opts.goalRssMiB;
}
