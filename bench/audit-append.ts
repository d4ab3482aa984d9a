// Audit-log append rate: appendAudit as the server calls it (each entry in its own transaction, its
// link keyed with an HMAC under a KEK-derived key), on a freshly migrated database opened the way
// the server opens it (bench/throwaway-database.ts).
// The PostgreSQL server itself is not pinned: only this client process is on CPU 0.
import { randomBytes } from 'node:crypto';
import {
  appendAudit,
  deriveAuditKeys,
  migrateToLatest,
  openDatabase,
  verifyAuditChain,
  withAuditKeys,
} from '@openseal/server';
import { report } from './measure.ts';
import {
  postgresDatabase,
  postgresUrl,
  sqliteDatabase,
  type ThrowawayDatabase,
} from './throwaway-database.ts';

export interface AuditAppendOptions {
  /** Entries per run, sequential and concurrent alike. */
  entries: number;
  concurrency: number;
}

const event = (i: number) => ({
  actor: `bench-${i}`,
  role: 'business_creator',
  action: 'seal.use',
  object: `seal:bench/document:${i}`,
  outcome: 'success' as const,
});

/** Appends `entries` entries from `concurrency` loops at once and returns entries per second. */
async function appendRate(
  db: ReturnType<typeof openDatabase>,
  entries: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const appender = async () => {
    while (next < entries) await appendAudit(db, event(next++));
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, appender));
  return entries / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Prints the figures for one database; returns false when the chain does not verify. */
async function benchOne(target: ThrowawayDatabase, opts: AuditAppendOptions): Promise<boolean> {
  const keys = deriveAuditKeys(randomBytes(32));
  const db = withAuditKeys(openDatabase(target.config), keys);
  try {
    await migrateToLatest(db);
    for (let i = 0; i < 50; i++) await appendAudit(db, event(-1)); // warm-up
    const prefix = `audit append ${target.name}`;
    report(`${prefix} sequential`, await appendRate(db, opts.entries, 1), 'entries/s');
    report(
      `${prefix} ${opts.concurrency} concurrent`,
      await appendRate(db, opts.entries, opts.concurrency),
      'entries/s',
    );
    // No checkpoints are written here: the figure is the append itself.
    const result = await verifyAuditChain(db, { keys, checkpoints: [], tsaCertificates: [] });
    const expected = 50 + 2 * opts.entries;
    const intact = result.ok && result.entries === expected;
    process.stdout.write(
      intact
        ? `audit chain ${target.name}: intact (${result.entries} entries)\n`
        : `audit chain ${target.name}: BROKEN (${result.entries} of ${expected} entries` +
            `${result.firstBroken ? `; entry ${result.firstBroken.seq}: ${result.firstBroken.reason}` : ''})\n`,
    );
    return intact;
  } finally {
    await db.destroy();
    await target.dispose();
  }
}

/** SQLite always, PostgreSQL when a URL is set. Returns false when any chain is broken. */
export async function benchAuditAppend(opts: AuditAppendOptions): Promise<boolean> {
  process.stdout.write(
    `audit append: ${opts.entries} entries per run, one transaction each; sequential, then from ` +
      `${opts.concurrency} concurrent appenders in this process (cpu0)\n`,
  );
  let ok = await benchOne(sqliteDatabase('audit'), opts);
  const pgUrl = postgresUrl();
  if (pgUrl) ok = (await benchOne(await postgresDatabase(pgUrl), opts)) && ok;
  else process.stdout.write('audit append postgresql: skipped (OPENSEAL_TEST_DATABASE_URL is not set)\n');
  return ok;
}
