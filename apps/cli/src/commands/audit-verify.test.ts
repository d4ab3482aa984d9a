// `openseal audit verify` as an operator runs it: a real process against a real database, with the
// KEK and the checkpoints of a real data directory.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTimestampAuthority, initPki, loadPki } from '@openseal/pki';
import {
  appendAudit,
  checkpointDir,
  deriveAuditKeys,
  migrateToLatest,
  openDatabase,
  withAuditKeys,
  writeCheckpoint,
} from '@openseal/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'openseal.js');
// Each test starts the command (TypeScript through tsx) two or three times: slow on a loaded machine.

function openseal(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [bin, 'audit', 'verify', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      OPENSEAL_DATA_DIR: undefined,
      OPENSEAL_KEK: undefined,
      ...env,
    },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('openseal audit verify (SQLite data directory)', () => {
  const data = mkdtempSync(join(tmpdir(), 'openseal-audit-cli-'));
  const config = { dialect: 'sqlite' as const, file: join(data, 'openseal.db') };

  beforeAll(async () => {
    await initPki({ dir: join(data, 'pki'), passphrase: 'audit-cli-pass', keyAlgorithm: 'ecdsa-p256' });
    const pki = await loadPki(join(data, 'pki'), 'audit-cli-pass');
    const tsa = createTimestampAuthority({ certificate: pki.tsa.certificate, signer: pki.tsa.signer });
    const kek = randomBytes(32);
    writeFileSync(join(data, 'kek.key'), `${kek.toString('base64')}\n`, { mode: 0o600 });
    const keys = deriveAuditKeys(kek);
    const db = withAuditKeys(openDatabase(config), keys);
    await migrateToLatest(db);
    for (let i = 1; i <= 4; i++)
      await appendAudit(db, { action: 'seal.use', outcome: 'success', object: `doc-${i}` });
    await writeCheckpoint(
      db,
      { keys, dir: checkpointDir(data), timestamper: tsa, clock: () => new Date() },
      'interval',
    );
    await appendAudit(db, { action: 'login', outcome: 'failure' });
    await db.destroy();
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('exits 0 and reports a keyed chain with its last timestamped checkpoint, in the school time zone', () => {
    const res = openseal(['--data', data]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(
      /^audit log intact: 5 entries, keyed, SHA-256 and SM3 chains, 1 checkpoints, last checkpoint at entry 4, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Shanghai\), timestamped\n$/,
    );
    expect(res.code).toBe(0);
  }, 120_000);

  it('exits 1 and names the first broken entry and its kind after an edit in the database', async () => {
    const db = openDatabase(config);
    await sql`UPDATE audit_log SET object = 'doc-x' WHERE seq = 2`.execute(db);
    await db.destroy();
    const res = openseal(['--data', data]);
    expect(res.stdout).toMatch(/^audit log BROKEN at entry 2 \(altered\): entry 2 was edited/);
    expect(res.code).toBe(1);
    const json = JSON.parse(openseal(['--data', data, '--json']).stdout);
    expect(json).toMatchObject({ ok: false, keyed: true, firstBroken: { seq: 2, kind: 'altered' } });
  }, 120_000);

  it('exits 2 without the KEK, and without a database', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'openseal-audit-cli-bare-'));
    try {
      const db = openDatabase({ dialect: 'sqlite', file: join(bare, 'openseal.db') });
      await migrateToLatest(db);
      await db.destroy();
      const noKek = openseal(['--data', bare]);
      expect(noKek.stderr).toMatch(/no KEK: set OPENSEAL_KEK/);
      expect(noKek.code).toBe(2);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
    const res = openseal(['--data', join(data, 'nowhere')]);
    expect(res.stderr).toMatch(/no database at/);
    expect(res.code).toBe(2);
  }, 120_000);
});

const pgUrl = process.env['OPENSEAL_TEST_DATABASE_URL'];

describe.skipIf(!pgUrl)('openseal audit verify --database-url (PostgreSQL)', () => {
  it('reads the KEK from OPENSEAL_KEK; exits 0 on an intact chain and 1 naming a deleted entry', async () => {
    const schema = `cli_${Date.now().toString(36)}`;
    const url = new URL(pgUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const kek = randomBytes(32).toString('base64');
    const db = withAuditKeys(
      openDatabase({ dialect: 'postgres', url: url.toString() }),
      deriveAuditKeys(Buffer.from(kek, 'base64')),
    );
    const data = mkdtempSync(join(tmpdir(), 'openseal-audit-cli-pg-'));
    const run = () => openseal(['--database-url', url.toString(), '--data', data], { OPENSEAL_KEK: kek });
    try {
      await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db);
      await migrateToLatest(db);
      for (let i = 1; i <= 3; i++) await appendAudit(db, { action: 'seal.use', outcome: 'success' });
      const ok = run();
      expect(ok.stdout).toBe(
        'audit log intact: 3 entries, keyed, SHA-256 and SM3 chains, 0 checkpoints, no checkpoint\n',
      );
      expect(ok.stderr).toMatch(/^warning: no checkpoints in /);
      expect(ok.code).toBe(0);
      // A forged SM3 link, the SHA-256 chain untouched: the finding names the SM3 chain.
      await sql`UPDATE audit_log SET chain_sm3 = ${'0'.repeat(64)} WHERE seq = 3`.execute(db);
      const sm3 = run();
      expect(sm3.stdout).toMatch(
        /^audit log BROKEN at entry 3 \(altered\): entry 3 breaks the SM3 chain \(chain_sm3\) while the SHA-256 chain holds/,
      );
      expect(sm3.code).toBe(1);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
      const broken = run();
      expect(broken.stdout).toBe('audit log BROKEN at entry 2 (deleted): entry 2 is missing (deleted)\n');
      expect(broken.code).toBe(1);
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
