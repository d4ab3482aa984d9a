// Sealing through the HTTP API under concurrent load. `npm run bench` pins its whole process tree to
// CPU 0; a load generator sharing that core with the server would take CPU from the server and
// inflate every latency. So the server runs in its own process pinned to CPU 0 (the per-core figure,
// like the engine's), and autocannon runs in another process pinned to CPU 1. This process only
// starts both and waits (idle), so it does not compete with the server on CPU 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadRequest, LoadResult } from './http-load.ts';
import { report } from './measure.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);

export interface HttpSealOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

/** `taskset -c CPU node --import tsx bench/FILE`; stderr goes straight to ours. */
export function spawnPinned(cpu: number, file: string): ChildProcess {
  return spawn('taskset', ['-c', String(cpu), process.execPath, '--import', 'tsx', join(benchDir, file)], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The first line the child prints, or the reason it never came. */
export async function firstLine(child: ChildProcess, what: string): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const line = await Promise.race([
    new Promise<string>((resolve) => lines.once('line', resolve)),
    exited(child).then((code) => {
      throw new Error(`${what} exited with code ${code} before printing its result`);
    }),
  ]);
  lines.close();
  return line;
}

/**
 * Prints the HTTP sealing figures. Returns false when any request failed (non-2xx or connection
 * error): the figures are printed all the same, and the caller exits non-zero.
 */
export async function benchHttpSeal(opts: HttpSealOptions): Promise<boolean> {
  // The machine's CPUs, not availableParallelism(): that counts only this process's, i.e. CPU 0. On a
  // single-core machine both have to share CPU 0; the placement line says so.
  const clientCpu = cpus().length > 1 ? 1 : 0;
  const server = spawnPinned(0, 'http-server.ts');
  try {
    const started = JSON.parse(await firstLine(server, 'the benchmark server')) as Omit<
      LoadRequest,
      'connections' | 'seconds' | 'warmupSeconds'
    >;
    const client = spawnPinned(clientCpu, 'http-load.ts');
    const request: LoadRequest = { ...started, ...opts };
    client.stdin!.end(JSON.stringify(request));
    const result = JSON.parse(await firstLine(client, 'the load generator')) as LoadResult;
    await exited(client);

    process.stdout.write(
      `http seal: server on 1 core (cpu0), ${opts.connections} autocannon clients on cpu${clientCpu}, ` +
        `seal ${result.sealName}, 1-page PDF, ${Math.round(result.durationSeconds)} s after ${opts.warmupSeconds} s warm-up\n`,
    );
    const name = `http seal 1-page ${opts.connections} concurrent`;
    report(`${name}`, result.requestsPerSecond, 'requests/s');
    report(`${name} p50 latency`, result.p50Ms, 'ms');
    report(`${name} p99 latency`, result.p99Ms, 'ms');
    process.stdout.write(`${name} total requests: ${result.total}\n`);
    process.stdout.write(`${name} non-2xx responses: ${result.non2xx}\n`);
    process.stdout.write(`${name} errors: ${result.errors} (timeouts ${result.timeouts})\n`);
    return result.non2xx === 0 && result.errors === 0;
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
  }
}
