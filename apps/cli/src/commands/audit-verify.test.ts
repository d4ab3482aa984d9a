// `openseal audit verify` as an operator runs it: a real process against a real database.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTimestampAuthority, initPki, loadPki } from '@openseal/pki';
import { appendAudit, migrateToLatest, openDatabase, stampHead } from '@openseal/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'openseal.js');

function openseal(args: string[]) {
  const res = spawnSync(process.execPath, [bin, 'audit', 'verify', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: undefined, OPENSEAL_DATA_DIR: undefined },
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
    const db = openDatabase(config);
    await migrateToLatest(db);
    for (let i = 1; i <= 4; i++)
      await appendAudit(db, { action: 'seal.use', outcome: 'success', object: `doc-${i}` });
    await stampHead(db, tsa);
    await appendAudit(db, { action: 'login', outcome: 'failure' });
    await db.destroy();
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('exits 0 and reports an intact chain timestamped with the PKI in DATA/pki', () => {
    const res = openseal(['--data', data]);
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('audit log intact: 5 entries, 1 anchors, timestamped up to entry 4\n');
    expect(res.code).toBe(0);
  });

  it('exits 1 and names the first broken entry after an edit in the database', async () => {
    const db = openDatabase(config);
    await sql`UPDATE audit_log SET object = 'doc-x' WHERE seq = 2`.execute(db);
    await db.destroy();
    const res = openseal(['--data', data]);
    expect(res.stdout).toMatch(/^audit log BROKEN at entry 2: /);
    expect(res.code).toBe(1);
    const json = JSON.parse(openseal(['--data', data, '--json']).stdout);
    expect(json).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('exits 2 when there is no database', () => {
    const res = openseal(['--data', join(data, 'nowhere')]);
    expect(res.stderr).toMatch(/no database at/);
    expect(res.code).toBe(2);
  });
});

const pgUrl = process.env['OPENSEAL_TEST_DATABASE_URL'];

describe.skipIf(!pgUrl)('openseal audit verify --database-url (PostgreSQL)', () => {
  it('exits 0 on an intact chain and 1 naming a deleted entry', async () => {
    const schema = `cli_${Date.now().toString(36)}`;
    const url = new URL(pgUrl!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const db = openDatabase({ dialect: 'postgres', url: url.toString() });
    try {
      await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(db);
      await migrateToLatest(db);
      for (let i = 1; i <= 3; i++) await appendAudit(db, { action: 'seal.use', outcome: 'success' });
      const ok = openseal(['--database-url', url.toString(), '--data', tmpdir()]);
      expect(ok.stdout).toBe('audit log intact: 3 entries, 0 anchors, none timestamped yet\n');
      expect(ok.code).toBe(0);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
      const broken = openseal(['--database-url', url.toString(), '--data', tmpdir()]);
      expect(broken.stdout).toBe('audit log BROKEN at entry 2: entry 2 is missing (deleted)\n');
      expect(broken.code).toBe(1);
    } finally {
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
      await db.destroy();
    }
  });
});
