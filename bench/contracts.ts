// Two-party contracts through the HTTP API, placed as bench/http-seal.ts places the console's seal
// use: the server in its own process on CPU 0, the load generator (50 signers, each a browser with
// its own WebCrypto key, the initiator's calls made by the same worker) in another on CPU 1. This
// process starts both, relays the server's storage figures and prints the results.
import { cpus } from 'node:os';
import { childLines } from './child-lines.ts';
import { SIGNING_STEPS } from './contract-steps.ts';
import type { ContractsLoadRequest, ContractsLoadResult } from './contracts-load.ts';
import type { ContractsServerStarted, StoredBytes } from './contracts-server.ts';
import { exited, spawnPinned } from './http-seal.ts';
import { report } from './measure.ts';

export interface ContractsBenchOptions {
  /** Contracts in the measured run (default 20,000; 200 for a smoke run). */
  contracts: number;
  concurrency: number;
}

/** The issue's targets: fully signed contracts per second, and the signing requests' p99. */
const TARGET_PER_SECOND = 150;
const TARGET_P99_MS = 500;

/**
 * Prints the contract-signing figures; false when a request failed. A missed target is said on
 * stderr but is not a failure, as with the service API bench.
 */
export async function benchContracts(opts: ContractsBenchOptions): Promise<boolean> {
  const clientCpu = cpus().length > 1 ? 1 : 0;
  const server = spawnPinned(0, 'contracts-server.ts');
  const client = { process: undefined as ReturnType<typeof spawnPinned> | undefined };
  try {
    const fromServer = childLines(server, 'the contracts server');
    const started = await fromServer.nextJson<ContractsServerStarted>();
    const measure = async () => {
      server.stdin!.write('measure\n');
      return fromServer.nextJson<StoredBytes>();
    };
    client.process = spawnPinned(clientCpu, 'contracts-load.ts');
    const fromClient = childLines(client.process, 'the contracts load generator');
    client.process.stdin!.write(
      `${JSON.stringify({ ...started, ...opts } satisfies ContractsLoadRequest)}\n`,
    );
    await fromClient.next(); // {"phase":"ready"}: signers made and signed in
    const before = await measure();
    client.process.stdin!.end('go\n');
    const result = await fromClient.nextJson<ContractsLoadResult>();
    await exited(client.process);
    const after = await measure();

    process.stdout.write(
      `contracts: server on 1 core (cpu0), ${opts.concurrency} signers on cpu${clientCpu}, generated from the demo 学生课程协议 template, ` +
        `person (browser ECDSA P-256 key) then 合同专用章, ${result.contracts} contracts in ` +
        `${result.seconds.toFixed(1)} s after ${result.warmupContracts} warm-up contracts\n`,
    );
    const name = `contracts two-party ${opts.concurrency} concurrent`;
    report(name, result.completed / result.seconds, 'contracts/s');
    report(`${name} signing request p50`, result.signing.p50Ms, 'ms');
    report(`${name} signing request p99`, result.signing.p99Ms, 'ms');
    for (const step of SIGNING_STEPS) report(`${name} ${step} request p99`, result.steps[step].p99Ms, 'ms');
    for (const step of ['generate', 'evidence'] as const)
      report(`${name} ${step} request p99`, result.steps[step].p99Ms, 'ms');
    report(`${name} whole contract p50`, result.contract.p50Ms, 'ms');
    // Everything the server keeps for these contracts, warm-up included, from the signers signed in to
    // the last evidence report: in the file store each contract's generated file, its person-signed and its
    // sealed PDF (the prepared file is removed at completion; an evidence report fetched once is kept
    // in memory only, and stored when fetched again: evidence-cache.ts); in the database the rows of
    // contracts, parties, events, the seal ledger, the audit log and sessions, as pages in
    // use (indexes included) after growth.
    const made = result.warmupContracts + result.contracts;
    const grown = after.fileBytes - before.fileBytes + (after.databaseBytes - before.databaseBytes);
    report(`${name} bytes stored per contract`, grown / made, 'bytes');
    // The server's own CPU time (all its threads) per contract, warm-up included: the figure that
    // says what a contract costs whatever else the machine is doing.
    report(`${name} server CPU per contract`, (after.cpuMs - before.cpuMs) / made, 'ms');
    process.stdout.write(
      `${name} stored: files ${after.fileBytes - before.fileBytes} bytes, database ` +
        `${after.databaseBytes - before.databaseBytes} bytes for ${made} contracts\n`,
    );
    const failed = Object.values(result.failures).reduce((a, b) => a + b, 0);
    const byStep = Object.entries(result.failures)
      .map(([step, n]) => `${step} ${n}`)
      .join(', ');
    process.stdout.write(`${name} failed requests: ${failed} (${byStep})\n`);
    process.stdout.write(`${name} contracts not completed: ${result.contracts - result.completed}\n`);
    if (result.completed / result.seconds < TARGET_PER_SECOND || result.signing.p99Ms >= TARGET_P99_MS)
      process.stderr.write(
        `bench: the contracts target (≥${TARGET_PER_SECOND} contracts/s, signing p99 <${TARGET_P99_MS} ms) is missed\n`,
      );
    return failed === 0 && result.completed === result.contracts;
  } finally {
    for (const child of [client.process, server]) {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
  }
}

/** Contracts in the measured run: BENCH_CONTRACTS, else 200 with BENCH_QUICK=1, else 20,000. */
export function contractsToRun(env: NodeJS.ProcessEnv = process.env): number {
  if (env['BENCH_CONTRACTS']) return Number(env['BENCH_CONTRACTS']);
  return env['BENCH_QUICK'] === '1' ? 200 : 20_000;
}

// Run on its own: `taskset -c 0 tsx bench/contracts.ts` (BENCH_QUICK=1 or BENCH_CONTRACTS=n).
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await benchContracts({ contracts: contractsToRun(), concurrency: 50 }))) process.exitCode = 1;
}
