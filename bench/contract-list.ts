// The contract list with a million contracts in the database, placed as bench/http-seal.ts places
// the console's seal use: the server (seeded straight into its SQLite file, bench/contract-list-seed.ts)
// in its own process on CPU 0, autocannon with 20 connections in another on CPU 1, one query kind
// after another: the creator's first page, a title search, a student's contracts awaiting them, and
// the creator's second page by cursor.
import { cpus } from 'node:os';
import { childLines } from './child-lines.ts';
import type { ContractListLoadRequest, ContractListLoadResult } from './contract-list-load.ts';
import type { SeedPlan } from './contract-list-seed.ts';
import type { ContractListServerStarted } from './contract-list-server.ts';
import { exited, spawnPinned } from './http-seal.ts';
import { report } from './measure.ts';

export interface ContractListBenchOptions {
  /** Contracts seeded (default 1,000,000; 20,000 for a smoke run). */
  contracts: number;
  connections: number;
  /** Per query kind (default 10; 3 for a smoke run). */
  seconds?: number;
}

const TARGET_P99_MS = 100;
const STUDENTS = 1000;

/** Prints the list figures; false when a request failed. A missed target is said on stderr only. */
export async function benchContractList(opts: ContractListBenchOptions): Promise<boolean> {
  const clientCpu = cpus().length > 1 ? 1 : 0;
  const seconds = opts.seconds ?? (process.env['BENCH_QUICK'] === '1' ? 3 : 10);
  const server = spawnPinned(0, 'contract-list-server.ts');
  try {
    const fromServer = childLines(server, 'the contract list server');
    server.stdin!.end(
      `${JSON.stringify({ contracts: opts.contracts, students: STUDENTS } satisfies SeedPlan)}\n`,
    );
    const started = await fromServer.nextJson<ContractListServerStarted>();
    const { seeded } = started;
    const client = spawnPinned(clientCpu, 'contract-list-load.ts');
    const fromClient = childLines(client, 'the contract list load generator');
    const request: ContractListLoadRequest = {
      port: started.port,
      passwords: started.passwords,
      word: seeded.word,
      connections: opts.connections,
      seconds,
      warmupSeconds: 1,
    };
    client.stdin!.end(JSON.stringify(request));
    const result = await fromClient.nextJson<ContractListLoadResult>();
    await exited(client);

    const millions = opts.contracts >= 1_000_000 ? `${opts.contracts / 1_000_000}M` : String(opts.contracts);
    process.stdout.write(
      `contract list: server on 1 core (cpu0), ${opts.connections} autocannon clients on cpu${clientCpu}, ` +
        `${seeded.contracts} contracts (${seeded.parties} parties, ${seeded.events} events) for ` +
        `${STUDENTS} students, ${seconds} s per query after 1 s warm-up\n`,
    );
    report(`contract list ${millions} seeding`, seeded.seconds, 's');
    report(`contract list ${millions} seeding rate`, seeded.contracts / seeded.seconds, 'contracts/s');
    const { before, after } = started.databaseBytes;
    report(`contract list ${millions} database size`, after / 2 ** 20, 'MiB');
    report(
      `contract list ${millions} database bytes per contract`,
      (after - before) / seeded.contracts,
      'bytes',
    );
    let failed = 0;
    let slowest = 0;
    for (const [query, r] of Object.entries(result)) {
      const name = `contract list ${millions} ${query}`;
      report(`${name} p50`, r.p50Ms, 'ms');
      report(`${name} p99`, r.p99Ms, 'ms');
      report(name, r.requestsPerSecond, 'requests/s');
      process.stdout.write(
        `${name}: GET ${r.url}, ${r.items} items a page, ${r.total} requests, ` +
          `non-2xx ${r.non2xx}, errors ${r.errors}\n`,
      );
      failed += r.non2xx + r.errors;
      slowest = Math.max(slowest, r.p99Ms);
    }
    if (slowest >= TARGET_P99_MS)
      process.stderr.write(`bench: the contract list target (p99 <${TARGET_P99_MS} ms) is missed\n`);
    return failed === 0;
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await exited(server);
    }
  }
}

/** Contracts seeded: BENCH_LIST_CONTRACTS, else 20,000 with BENCH_QUICK=1, else 1,000,000. */
export function contractsToList(env: NodeJS.ProcessEnv = process.env): number {
  if (env['BENCH_LIST_CONTRACTS']) return Number(env['BENCH_LIST_CONTRACTS']);
  return env['BENCH_QUICK'] === '1' ? 20_000 : 1_000_000;
}

// Run on its own: `taskset -c 0 tsx bench/contract-list.ts` (BENCH_QUICK=1 or BENCH_LIST_CONTRACTS=n).
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!(await benchContractList({ contracts: contractsToList(), connections: 20 }))) process.exitCode = 1;
}
