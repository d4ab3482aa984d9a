// The service API under load, placed as bench/http-seal.ts places the console's seal use: the server
// in its own process on CPU 0 with an approved service account, the load generator (autocannon, then
// the OA script's batch) in another on CPU 1. Figures: one-PDF stamps per second and their p99 with
// 50 keys' worth of concurrent calls, and the batch rate for uploaded PDFs.
import { cpus } from 'node:os';
import { exited, firstLine, spawnPinned } from './http-seal.ts';
import { report } from './measure.ts';
import type { ServiceLoadRequest, ServiceLoadResult } from './service-api-load.ts';

export interface ServiceApiBenchOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  batchFiles: number;
}

/** Prints the service API figures; false when a request failed or a target (≥300 req/s, p99 <300 ms) is missed. */
export async function benchServiceApi(opts: ServiceApiBenchOptions): Promise<boolean> {
  const clientCpu = cpus().length > 1 ? 1 : 0;
  const server = spawnPinned(0, 'service-api-server.ts');
  try {
    const started = JSON.parse(await firstLine(server, 'the service API server')) as Pick<
      ServiceLoadRequest,
      'port' | 'key' | 'sealId'
    >;
    const client = spawnPinned(clientCpu, 'service-api-load.ts');
    client.stdin!.end(JSON.stringify({ ...started, ...opts } satisfies ServiceLoadRequest));
    const result = JSON.parse(await firstLine(client, 'the service API load generator')) as ServiceLoadResult;
    await exited(client);

    process.stdout.write(
      `service api: server on 1 core (cpu0), ${opts.connections} autocannon clients on cpu${clientCpu}, ` +
        `1-page PDF, ${Math.round(result.durationSeconds)} s after ${opts.warmupSeconds} s warm-up\n`,
    );
    const name = `service api stamp 1-page ${opts.connections} concurrent`;
    process.stdout.write(
      `${name}: ${Math.round(result.requestsPerSecond)} requests/s, p99 ${Math.round(result.p99Ms)} ms\n`,
    );
    report(`${name} p50 latency`, result.p50Ms, 'ms');
    process.stdout.write(`${name} non-2xx responses: ${result.non2xx}, errors: ${result.errors}\n`);
    const { batch } = result;
    report(
      `service api batch-stamp ${batch.files} uploaded PDFs`,
      batch.sealed / batch.sealSeconds,
      'documents/s',
    );
    process.stdout.write(
      `service api batch-stamp ${batch.files} uploaded PDFs: upload ${batch.uploadSeconds.toFixed(1)} s, ` +
        `sealed ${batch.sealed} in ${batch.sealSeconds.toFixed(1)} s, failed ${batch.failed}\n`,
    );
    const met = result.requestsPerSecond >= 300 && result.p99Ms < 300;
    if (!met)
      process.stderr.write('bench: the service API stamp target (≥300 requests/s, p99 <300 ms) is missed\n');
    return result.non2xx === 0 && result.errors === 0 && batch.failed === 0;
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
  }
}

// Run on its own: `taskset -c 0 tsx bench/service-api.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await benchServiceApi({
    connections: 50,
    seconds: Number(process.env['BENCH_HTTP_SECONDS'] ?? 15),
    warmupSeconds: 3,
    batchFiles: Number(process.env['BENCH_BATCH_FILES'] ?? 1000),
  });
  if (!ok) process.exitCode = 1;
}
