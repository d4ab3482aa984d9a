import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DATABASES, type TestDatabase } from '../../../test/databases.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { openDatabase } from '../../db/open-database.ts';
import type { Database } from '../../db/schema.ts';
import { readCheckpoints, writeCheckpoint } from './audit-checkpoint.ts';
import { auditEntryHash, auditEntryMac } from './audit-hash.ts';
import { deriveAuditKeys, withAuditKeys } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { keyAuditLog } from './audit-rekey.ts';
import { entryFromRow } from './audit-rows.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const execFileAsync = promisify(execFile);
const kek = randomBytes(32);
const keys = deriveAuditKeys(kek);
let pkiDir: string;
let pki: Pki;
let otherPki: Pki;

beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'openseal-audit-pki-'));
  await initPki({ dir: join(pkiDir, 'a'), passphrase: 'test-pass', keyAlgorithm: 'ecdsa-p256' });
  await initPki({ dir: join(pkiDir, 'b'), passphrase: 'test-pass', keyAlgorithm: 'ecdsa-p256' });
  [pki, otherPki] = await Promise.all([
    loadPki(join(pkiDir, 'a'), 'test-pass'),
    loadPki(join(pkiDir, 'b'), 'test-pass'),
  ]);
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

const tsaOf = (p: Pki) =>
  createTimestampAuthority({
    certificate: p.tsa.certificate,
    signer: p.tsa.signer,
    chain: [p.issuing.certificate],
  });

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`audit chain on ${kind.name}`, () => {
    let target: TestDatabase;
    let plain: Kysely<Database>;
    let db: Kysely<Database>;
    let dir: string;
    const verify = () =>
      verifyAuditChain(db, {
        keys,
        checkpoints: readCheckpoints(dir),
        tsaCertificates: [pki.tsa.certificate],
        batchSize: 4,
      });
    const checkpoint = () => writeCheckpoint(db, { keys, dir, clock: () => new Date() }, 'interval');

    async function seed(n: number, on = db) {
      for (let i = 1; i <= n; i++) {
        await appendAudit(on, {
          actor: `user-${i}`,
          role: 'seal_admin',
          org: 'org-1',
          action: 'seal.use',
          object: `doc-${i}`,
          outcome: 'success',
          requestId: `req-${i}`,
        });
      }
    }
    const rows = async () =>
      (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((r) => ({
        ...entryFromRow(r),
        mac: r.mac,
      }));

    beforeEach(async () => {
      target = await kind.create();
      plain = openDatabase(target.config);
      db = withAuditKeys(plain, keys);
      await migrateToLatest(db);
      dir = mkdtempSync(join(tmpdir(), 'openseal-audit-checkpoints-'));
    });
    afterEach(async () => {
      await db.destroy();
      await target.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('an empty log verifies', async () => {
      expect(await verify()).toEqual({ ok: true, entries: 0, keyed: false, checkpoints: 0 });
    });

    it('appends entries whose hash covers every field and whose MAC links them under the key', async () => {
      await seed(3);
      const [first, second, third] = await rows();
      expect([first!.seq, second!.seq, third!.seq]).toEqual([1, 2, 3]);
      expect(first!.prevHash).toBe('0'.repeat(64));
      expect(second!.prevHash).toBe(first!.hash);
      const { hash, mac, ...content } = third!;
      expect(auditEntryHash(content)).toBe(hash);
      expect(mac).toBe(auditEntryMac(keys.macKey, 3, hash, second!.mac!));
      expect(await verify()).toEqual({ ok: true, entries: 3, keyed: true, checkpoints: 0 });
    });

    it('keeps the chain when 40 appends race in one process', async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAudit(db, { action: 'login', outcome: 'success', actor: `u${i}` }),
        ),
      );
      expect(await verify()).toMatchObject({ ok: true, entries: 40 });
    });

    it('keeps the chain when two processes append at once', async () => {
      const worker = fileURLToPath(new URL('../../../test/append-worker.ts', import.meta.url));
      const run = () =>
        execFileAsync(process.execPath, [
          '--import',
          'tsx',
          worker,
          JSON.stringify(target.config),
          '25',
          kek.toString('base64'),
        ]);
      await Promise.all([run(), run(), seed(10)]);
      expect(await verify()).toMatchObject({ ok: true, entries: 60 });
    });

    it('commits the entry with the caller transaction, or not at all', async () => {
      await seed(1);
      await expect(
        db.transaction().execute(async (trx) => {
          await appendAudit(trx, { action: 'seal.revoke', outcome: 'success' });
          throw new Error('state change failed');
        }),
      ).rejects.toThrow('state change failed');
      await seed(1);
      expect(await verify()).toMatchObject({ ok: true, entries: 2 });
    });

    it('refuses an unkeyed append to a keyed log, and a keyed one to an unkeyed log', async () => {
      await seed(1);
      await expect(seed(1, plain)).rejects.toMatchObject({ code: 'ERR_AUDIT_KEY_MISSING' });
      const other = await kind.create();
      const otherDb = openDatabase(other.config);
      try {
        await migrateToLatest(otherDb);
        await seed(2, otherDb);
        await expect(seed(1, withAuditKeys(otherDb, keys))).rejects.toMatchObject({
          code: 'ERR_AUDIT_NOT_KEYED',
        });
      } finally {
        await otherDb.destroy();
        await other.dispose();
      }
    });

    it('keys a log written before entries were keyed, once, and audits it', async () => {
      await seed(5, plain);
      expect(await verify()).toMatchObject({ ok: true, entries: 5, keyed: false });
      expect(await keyAuditLog(db)).toBe(5);
      expect(await keyAuditLog(db)).toBe(0);
      await seed(1);
      const all = await rows();
      expect(all[5]).toMatchObject({
        seq: 6,
        action: 'audit.keyed',
        object: 'entries:1..5 unkeyed-chain:intact',
      });
      expect(all.every((r) => r.mac !== null)).toBe(true);
      expect(await verify()).toEqual({ ok: true, entries: 7, keyed: true, checkpoints: 0 });
    });

    it('names an edited entry', async () => {
      await seed(6);
      await sql`UPDATE audit_log SET outcome = 'failure' WHERE seq = 4`.execute(db);
      expect((await verify()).firstBroken).toEqual({
        seq: 4,
        kind: 'altered',
        reason: expect.stringContaining('edited'),
      });
    });

    it('names an entry whose hash was recomputed after an edit, by its MAC', async () => {
      await seed(6);
      const row = (await rows())[2]!;
      const { hash: _old, mac: _mac, ...content } = { ...row, actor: 'mallory' };
      await db
        .updateTable('audit_log')
        .set({ actor: 'mallory', hash: auditEntryHash(content) })
        .where('seq', '=', 3)
        .execute();
      expect((await verify()).firstBroken).toEqual({
        seq: 3,
        kind: 'altered',
        reason: expect.stringContaining('MAC'),
      });
    });

    it('names a deleted entry', async () => {
      await seed(6);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
      expect((await verify()).firstBroken).toEqual({
        seq: 2,
        kind: 'deleted',
        reason: 'entry 2 is missing (deleted)',
      });
    });

    it('names deleted entries at the end of the log while the head still counts them', async () => {
      await seed(6);
      await sql`DELETE FROM audit_log WHERE seq >= 5`.execute(db);
      expect((await verify()).firstBroken).toEqual({
        seq: 5,
        kind: 'truncated',
        reason: 'entries 5..6 are missing (deleted from the end)',
      });
    });

    it('names entries deleted from the middle when the later ones were renumbered to close the gap', async () => {
      await seed(6);
      await sql`DELETE FROM audit_log WHERE seq IN (3, 4)`.execute(db);
      await sql`UPDATE audit_log SET seq = seq - 2 WHERE seq > 4`.execute(db);
      expect((await verify()).firstBroken).toEqual({
        seq: 3,
        kind: 'deleted',
        reason: expect.stringContaining(
          'entries 3..4 are missing (deleted, and the later entries renumbered)',
        ),
      });
    });

    it('names reordered entries', async () => {
      await seed(6);
      await sql`UPDATE audit_log SET seq = -1 WHERE seq = 3`.execute(db);
      await sql`UPDATE audit_log SET seq = 3 WHERE seq = 5`.execute(db);
      await sql`UPDATE audit_log SET seq = 5 WHERE seq = -1`.execute(db);
      expect((await verify()).firstBroken?.seq).toBe(3);
    });

    it('names entries deleted after a checkpoint with the head moved back', async () => {
      await seed(6);
      await checkpoint();
      const fourth = (await rows())[3]!;
      await sql`DELETE FROM audit_log WHERE seq > 4`.execute(db);
      await db
        .updateTable('audit_head')
        .set({ seq: 4, hash: fourth.hash, mac: fourth.mac })
        .where('id', '=', 1)
        .execute();
      expect(await verify()).toMatchObject({
        ok: false,
        firstBroken: { seq: 5, kind: 'truncated', reason: expect.stringContaining('recorded 6 entries') },
      });
    });

    it('timestamps checkpoints and trusts only those the audit key signed and a trusted TSA stamped', async () => {
      await seed(3);
      await writeCheckpoint(db, { keys, dir, clock: () => new Date(), timestamper: tsaOf(pki) }, 'start');
      expect(await verify()).toMatchObject({
        ok: true,
        checkpoints: 1,
        lastCheckpoint: { seq: 3, timestamped: true },
      });

      // Same checkpoint, stamped by a TSA nobody trusts.
      await writeCheckpoint(
        db,
        { keys, dir, clock: () => new Date(), timestamper: tsaOf(otherPki) },
        'interval',
      );
      expect((await verify()).firstBroken).toEqual({
        seq: 3,
        kind: 'checkpoint-invalid',
        reason: expect.stringContaining('untrusted TSA'),
      });
    });

    it('refuses checkpoints signed by another key or edited, and lines that are not checkpoints', async () => {
      await seed(3);
      const file = join(dir, 'checkpoints.jsonl');
      const guessed = deriveAuditKeys(randomBytes(32));
      await writeCheckpoint(db, { keys: guessed, dir, clock: () => new Date() }, 'interval');
      expect((await verify()).firstBroken).toMatchObject({
        kind: 'checkpoint-invalid',
        reason: expect.stringContaining('another key'),
      });

      writeFileSync(file, '');
      const good = await checkpoint();
      writeFileSync(file, `${JSON.stringify({ ...good, seq: 2 })}\n`);
      expect((await verify()).firstBroken).toMatchObject({
        kind: 'checkpoint-invalid',
        reason: expect.stringContaining('signature does not verify'),
      });

      writeFileSync(file, `${JSON.stringify(good)}\nnot json\n`);
      expect((await verify()).firstBroken).toEqual({
        seq: 0,
        kind: 'checkpoint-invalid',
        reason: 'checkpoint line 2 is not JSON',
      });
      // A last line cut off by a crash while being written is not a finding.
      writeFileSync(file, `${JSON.stringify(good)}\n`);
      appendFileSync(file, '{"v":1,"seq":');
      expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });
      expect(readFileSync(file, 'utf8')).toContain('"seq":');
    });
  });
}
