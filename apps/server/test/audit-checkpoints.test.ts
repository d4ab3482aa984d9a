// The server writes signed checkpoints of the audit head outside the database (at start, every N
// entries or few minutes while entries are written, at shutdown), and keys a log written before
// entries were keyed once, at start, unless its checkpoints say it was keyed already.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDeps, buildApp } from '../src/app.ts';
import type { ServerConfig } from '../src/config.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { type Checkpoint, readCheckpoints } from '../src/modules/audit/audit-checkpoint.ts';
import { deriveAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { appendAudit } from '../src/modules/audit/audit-log.ts';
import { checkpointDir } from '../src/modules/audit/checkpoint-file.ts';
import { verifyAuditChain } from '../src/modules/audit/verify-audit-chain.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`audit checkpoints on ${kind.name}`, () => {
    let target: TestDatabase;
    let dataDir: string;
    const kek = randomBytes(32);
    const keys = deriveAuditKeys(kek);
    const clock = { ms: Date.parse('2026-12-06T08:00:00.000Z') };
    const config = (): ServerConfig => ({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: target.config,
      logLevel: 'silent',
      kek,
    });
    const deps: AppDeps = {
      clock: () => new Date(clock.ms),
      auditCheckpoints: { everyEntries: 5, intervalMs: 5 * 60_000, pollMs: 20 },
    };
    const checkpoints = () =>
      readCheckpoints(checkpointDir(dataDir)).map((l) => ('checkpoint' in l ? l.checkpoint : undefined));
    const until = async (done: (c: (Checkpoint | undefined)[]) => boolean) => {
      for (let i = 0; i < 250 && !done(checkpoints()); i++) await sleep(20);
      return checkpoints();
    };
    const event = { action: 'seal.use', outcome: 'success' as const, actor: 'registrar' };

    beforeEach(async () => {
      target = await kind.create();
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-checkpoints-'));
    });
    afterEach(async () => {
      await target.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('at start, after every 5 entries, after 5 minutes with new entries, and at shutdown', async () => {
      const app = await buildApp(config(), deps);
      for (let i = 0; i < 5; i++) await appendAudit(app.db, event);
      await until((c) => c.length === 2);
      await appendAudit(app.db, event);
      await sleep(200);
      expect(checkpoints()).toHaveLength(2);
      clock.ms += 5 * 60_000;
      await until((c) => c.length === 3);
      await sleep(200);
      await app.close();
      expect(checkpoints().map((c) => [c?.reason, c?.seq])).toEqual([
        ['start', 0],
        ['entries', 5],
        ['interval', 6],
        ['shutdown', 6],
      ]);
      const dir = checkpointDir(dataDir);
      expect(statSync(join(dir, 'checkpoints.jsonl')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(dir, 'checkpoint-key.pem'), 'utf8')).toBe(
        keys.publicKey.export({ type: 'spki', format: 'pem' }),
      );
    }, 60_000);

    it('keys a log written before entries were keyed at the first start, and says so in the log', async () => {
      const before = openDatabase(target.config);
      await migrateToLatest(before);
      for (let i = 0; i < 3; i++) await appendAudit(before, event);
      await before.destroy();

      const app = await buildApp(config(), deps);
      const rows = await app.db.selectFrom('audit_log').select(['seq', 'action', 'object', 'mac']).execute();
      expect(rows.every((r) => r.mac !== null)).toBe(true);
      expect(rows[3]).toMatchObject({
        seq: 4,
        action: 'audit.keyed',
        object: 'entries:1..3 unkeyed-chain:intact',
      });
      expect(checkpoints()[0]).toMatchObject({ reason: 'start', seq: 4 });
      const result = await verifyAuditChain(app.db, {
        keys,
        checkpoints: readCheckpoints(checkpointDir(dataDir)),
        tsaCertificates: [],
      });
      expect(result).toMatchObject({ ok: true, entries: 4, keyed: true, checkpoints: 1 });
      await app.close();
    }, 60_000);

    it('refuses to start on a log whose MACs were cleared after its checkpoints recorded it keyed', async () => {
      const app = await buildApp(config(), deps);
      await appendAudit(app.db, event);
      await app.close();
      const db = openDatabase(target.config);
      await db.updateTable('audit_log').set({ mac: null }).execute();
      await db.updateTable('audit_head').set({ mac: null }).execute();
      await db.destroy();
      await expect(buildApp(config(), deps)).rejects.toMatchObject({ code: 'ERR_AUDIT_NOT_KEYED' });
    }, 60_000);
  });
}
