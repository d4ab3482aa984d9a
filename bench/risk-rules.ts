// Risk-rule latency: evaluateUseRisk (sensitive words, off-hours, burst, cross-unit) as the seal-use
// path calls it, over a ledger of 1,000,000 earlier uses (about two years of ~200 seals and ~5,000
// users). The document text is passed in already extracted: PDF text extraction is not timed here.
// SQLite, and PostgreSQL when OPENSEAL_TEST_DATABASE_URL or DATABASE_URL is set (bench/throwaway-database.ts).
import { createHash } from 'node:crypto';
import { type Database, evaluateUseRisk, migrateToLatest, openDatabase } from '@openseal/server';
import SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { report } from './measure.ts';
import {
  postgresDatabase,
  postgresUrl,
  sqliteDatabase,
  type ThrowawayDatabase,
} from './throwaway-database.ts';

export interface RiskBenchOptions {
  uses: number;
  seals: number;
  users: number;
  evaluations: number;
}

/** Deterministic PRNG (mulberry32), so both databases get the same ledger. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skewed pick in [0, n): a few seals and users account for most uses, as in a real office. */
const skewed = (r: () => number, n: number) => Math.min(n - 1, Math.floor(n * r() ** 2.5));

const END = Date.parse('2026-09-01T10:00:00.000Z');
const SPAN_MS = 730 * 86_400_000;
const DOC_TYPES = ['transcript', 'enrolment', 'degree', 'contract', 'other'];

interface World {
  units: string[];
  userUnit: (u: number) => string;
  sealOwner: (s: number) => string;
}

/** A school of 1 + 20 colleges + 40 units below them, and the seals' minimal rows (the ledger's seal_id references them). */
async function seedOrgAndSeals(db: Kysely<Database>, opts: RiskBenchOptions): Promise<World> {
  const now = new Date(END - SPAN_MS);
  const created = now.toISOString();
  const rows: Database['org_units'][] = [];
  const unit = (
    id: string,
    parent: { id: string; path: string } | null,
    kind: 'school' | 'college' | 'unit',
  ) => {
    const row = {
      id,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      name_zh: id,
      name_en: id,
      kind,
      created_at: created,
      directory_code: null,
    };
    rows.push(row);
    return row;
  };
  const school = unit('bench-school', null, 'school');
  for (let c = 0; c < 20; c++) {
    const college = unit(`bench-college-${c}`, school, 'college');
    for (let d = 0; d < 2; d++) unit(`bench-unit-${c}-${d}`, college, 'unit');
  }
  await db.insertInto('org_units').values(rows).execute();
  const units = rows.map((r) => r.id);
  const sealOwner = (s: number) => units[s % 21] as string; // the school and the colleges own seals
  const userUnit = (u: number) => units[1 + (u % (units.length - 1))] as string;
  await db
    .insertInto('seals')
    .values(
      Array.from({ length: opts.seals }, (_, s) => ({
        id: `bench-seal-${s}`,
        name: `章${s}`,
        type: 'business' as const,
        owner_unit_id: sealOwner(s),
        status: 'active' as const,
        custodian_user_id: null,
        physical: 1,
        seal_spec: JSON.stringify({ kind: 'round', orgName: '示范大学' }),
        certificate: null,
        certificate_serial: null,
        key_envelope: null,
        created_at: now.toISOString(),
      })),
    )
    .execute();
  await db
    .insertInto('risk_sensitive_words')
    .values(
      Array.from({ length: 200 }, (_, i) => ({
        id: `w${i}`,
        word: i % 2 === 0 ? `敏感词${i}号` : `restricted-term-${i}`,
        created_at: now.toISOString(),
        created_by: 'bench',
      })),
    )
    .execute();
  const holidays = [];
  for (let y = 2024; y <= 2026; y++) {
    for (const [md, name] of [
      ['01-01', '元旦'],
      ['05-01', '劳动节'],
      ['10-01', '国庆节'],
      ['10-02', '国庆节'],
      ['10-03', '国庆节'],
    ] as const)
      holidays.push({ date: `${y}-${md}`, name, workday: 0 });
    holidays.push({ date: `${y}-09-27`, name: '国庆节调休', workday: 1 });
  }
  // The migrations already hold the State Council's calendar for the years they know; these fill the rest.
  await db
    .insertInto('risk_holidays')
    .values(holidays)
    .onConflict((oc) => oc.column('date').doNothing())
    .execute();
  return { units, userUnit, sealOwner };
}

interface LedgerRow {
  id: string;
  sha256: string;
  seal_id: string;
  actor: string;
  purpose: string;
  document_type: string;
  user_id: string;
  unit_id: string;
  grant_id: null;
  created_at: string;
}

/** The ledger in time order, in batches; times cluster in working hours on weekdays. */
function* ledger(opts: RiskBenchOptions, world: World, batch: number): Generator<LedgerRow[]> {
  const r = prng(42);
  const step = SPAN_MS / opts.uses;
  let rows: LedgerRow[] = [];
  for (let i = 0; i < opts.uses; i++) {
    const user = skewed(r, opts.users);
    const seal = skewed(r, opts.seals);
    // Jitter within the slot keeps order; most uses fall in the day, a few at night.
    const t = END - SPAN_MS + i * step + r() * step;
    rows.push({
      id: `bench-doc-${String(i).padStart(8, '0')}`,
      sha256: createHash('sha256').update(String(i)).digest('hex'),
      seal_id: `bench-seal-${seal}`,
      actor: `user${user}`,
      purpose: 'bench',
      document_type: DOC_TYPES[i % DOC_TYPES.length] as string,
      user_id: `bench-user-${user}`,
      unit_id: world.userUnit(user),
      grant_id: null,
      created_at: new Date(t).toISOString(),
    });
    if (rows.length === batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

const COLUMNS = [
  'id',
  'sha256',
  'seal_id',
  'actor',
  'purpose',
  'document_type',
  'user_id',
  'unit_id',
  'grant_id',
  'created_at',
] as const;

/** SQLite: one prepared statement, 50,000 rows per transaction, on the server's own file. */
function seedLedgerSqlite(file: string, opts: RiskBenchOptions, world: World): void {
  const conn = new SqliteDatabase(file);
  try {
    conn.pragma('journal_mode = WAL');
    // A throwaway file: no need to survive a power cut while seeding.
    conn.pragma('synchronous = OFF');
    const insert = conn.prepare(
      `INSERT INTO sealed_documents (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    const many = conn.transaction((rows: LedgerRow[]) => {
      for (const row of rows) insert.run(row);
    });
    for (const rows of ledger(opts, world, 50_000)) many(rows);
    conn.exec('ANALYZE');
  } finally {
    conn.close();
  }
}

/** PostgreSQL: 10,000 rows per statement as column arrays (unnest), one transaction per batch. */
async function seedLedgerPostgres(db: Kysely<Database>, opts: RiskBenchOptions, world: World): Promise<void> {
  for (const rows of ledger(opts, world, 10_000)) {
    const col = (c: (typeof COLUMNS)[number]) => rows.map((row) => row[c]);
    await sql`
      INSERT INTO sealed_documents (${sql.raw(COLUMNS.join(', '))})
      SELECT * FROM unnest(
        ${col('id')}::text[], ${col('sha256')}::text[], ${col('seal_id')}::text[], ${col('actor')}::text[],
        ${col('purpose')}::text[], ${col('document_type')}::text[], ${col('user_id')}::text[],
        ${col('unit_id')}::text[], ${col('grant_id')}::text[], ${col('created_at')}::text[])
    `.execute(db);
  }
  await sql`ANALYZE sealed_documents`.execute(db);
}

/** About 3,000 characters of Chinese and English, like a transcript's extracted text. */
function documentText(r: () => number): string {
  const parts: string[] = [];
  for (let i = 0; i < 120; i++)
    parts.push(r() < 0.5 ? `课程${i}成绩优良，学分${i % 5}` : `Course ${i} grade A credit ${i % 5}`);
  if (r() < 0.05) parts.push('敏感词10号');
  return parts.join('\n');
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;

async function benchOne(target: ThrowawayDatabase, opts: RiskBenchOptions): Promise<boolean> {
  let db = openDatabase(target.config);
  try {
    await migrateToLatest(db);
    const start = process.hrtime.bigint();
    const world = await seedOrgAndSeals(db, opts);
    if (target.config.dialect === 'sqlite') {
      await db.destroy();
      seedLedgerSqlite(target.config.file, opts, world);
      db = openDatabase(target.config);
    } else {
      await seedLedgerPostgres(db, opts, world);
    }
    const seedSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    report(`risk seed ${target.name} ${opts.uses} uses`, seedSeconds, 's');

    const r = prng(7);
    const inputs = Array.from({ length: opts.evaluations + 50 }, () => {
      const user = skewed(r, opts.users);
      const seal = skewed(r, opts.seals);
      return {
        sealId: `bench-seal-${seal}`,
        userId: `bench-user-${user}`,
        unitId: world.userUnit(user),
        sealOwnerUnitId: world.sealOwner(seal),
        documentType: 'transcript' as const,
        text: documentText(r),
        // A moment inside the ledger's span, so the burst windows see real neighbours.
        now: new Date(END - r() * SPAN_MS),
        stage: 'stamping' as const,
      };
    });
    let fired = 0;
    for (const input of inputs.slice(0, 50)) await evaluateUseRisk(db, input); // warm-up
    const times: number[] = [];
    for (const input of inputs.slice(50)) {
      const t0 = process.hrtime.bigint();
      const findings = await evaluateUseRisk(db, input);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (findings.length > 0) fired++;
    }
    times.sort((a, b) => a - b);
    const p99 = percentile(times, 99);
    const label = `risk evaluateUseRisk ${target.name} (text already extracted, ${opts.uses} prior uses)`;
    report(`${label} p50`, percentile(times, 50), 'ms');
    report(`${label} p99`, p99, 'ms');
    process.stdout.write(
      `risk evaluateUseRisk ${target.name}: ${fired} of ${opts.evaluations} uses raised findings\n`,
    );
    return p99 <= 20;
  } finally {
    await db.destroy();
    await target.dispose();
  }
}

/** SQLite always, PostgreSQL when a URL is set. Returns false when a p99 misses the 20 ms target. */
export async function benchRiskRules(opts: RiskBenchOptions): Promise<boolean> {
  process.stdout.write(
    `risk rules: ${opts.uses} prior uses over 2 years, ${opts.seals} seals, ${opts.users} users; ` +
      `${opts.evaluations} sequential evaluateUseRisk calls (cpu0); target p99 <= 20 ms\n`,
  );
  let ok = await benchOne(sqliteDatabase('risk'), opts);
  const pgUrl = postgresUrl();
  if (pgUrl) ok = (await benchOne(await postgresDatabase(pgUrl), opts)) && ok;
  else process.stdout.write('risk rules postgresql: skipped (OPENSEAL_TEST_DATABASE_URL is not set)\n');
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ok = await benchRiskRules({ uses: 1_000_000, seals: 200, users: 5000, evaluations: 1000 });
  if (!ok) process.exitCode = 1;
}
