import { execFile } from 'node:child_process';
import { randomBytes, sign } from 'node:crypto';
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
import { auditEntryHash, auditEntryMac, auditEntrySm3, GENESIS_HASH } from './audit-hash.ts';
import { deriveAuditKeys, withAuditKeys } from './audit-keys.ts';
import { appendAudit } from './audit-log.ts';
import { keyAuditLog } from './audit-rekey.ts';
import { entryFromRow } from './audit-rows.ts';
import { chainAuditSm3 } from './audit-sm3-backfill.ts';
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
        chainSm3: r.chain_sm3,
      }));
    /**
     * What someone holding the chain key could do: after editing entry `from`, recompute one chain
     * (SHA-256 hashes and MACs, or SM3 links) from there to the head, leaving the other as it was.
     */
    async function rechain(chain: 'sha256' | 'sm3', from: number) {
      const all = await rows();
      let prev = all[from - 2];
      for (const row of all.slice(from - 1)) {
        const { hash: _h, mac: _m, chainSm3: _s, ...content } = row;
        if (chain === 'sha256') {
          const linked = { ...content, prevHash: prev?.hash ?? GENESIS_HASH };
          const hash = auditEntryHash(linked);
          const mac = auditEntryMac(keys.macKey, row.seq, hash, prev?.mac ?? GENESIS_HASH);
          await db
            .updateTable('audit_log')
            .set({ prev_hash: linked.prevHash, hash, mac })
            .where('seq', '=', row.seq)
            .execute();
          prev = { ...row, prevHash: linked.prevHash, hash, mac };
        } else {
          const chainSm3 = auditEntrySm3(keys.macKey, content, prev?.chainSm3 ?? GENESIS_HASH);
          await db.updateTable('audit_log').set({ chain_sm3: chainSm3 }).where('seq', '=', row.seq).execute();
          prev = { ...row, chainSm3 };
        }
      }
      await db
        .updateTable('audit_head')
        .set(chain === 'sha256' ? { hash: prev!.hash, mac: prev!.mac } : { chain_sm3: prev!.chainSm3 })
        .where('id', '=', 1)
        .execute();
    }

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
      const { hash, mac, chainSm3, ...content } = third!;
      expect(auditEntryHash(content)).toBe(hash);
      expect(mac).toBe(auditEntryMac(keys.macKey, 3, hash, second!.mac!));
      // The SM3 chain: HMAC-SM3 under the same key, over the fields and the previous SM3 link.
      expect(first!.chainSm3).toBe(auditEntrySm3(keys.macKey, first!, GENESIS_HASH));
      expect(chainSm3).toBe(auditEntrySm3(keys.macKey, content, second!.chainSm3!));
      expect(chainSm3).toMatch(/^[0-9a-f]{64}$/);
      const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      expect(head.chain_sm3).toBe(chainSm3);
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
      // Unkeyed, the SM3 chain is plain SM3 like the unkeyed SHA-256 hashes.
      const [unkeyed] = await rows();
      expect(unkeyed!.chainSm3).toBe(auditEntrySm3(undefined, unkeyed!, GENESIS_HASH));
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

    it('names the SM3 chain when an edit was made consistent in the SHA-256 chain only', async () => {
      await seed(6);
      await db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 3).execute();
      await rechain('sha256', 3);
      expect((await verify()).firstBroken).toEqual({
        seq: 3,
        kind: 'altered',
        reason:
          'entry 3 breaks the SM3 chain (chain_sm3) while the SHA-256 chain holds: rewritten with recomputed SHA-256 hashes and links, or SM3-chained with another key',
      });
    });

    it('names the SHA-256 chain when an edit was made consistent in the SM3 chain only', async () => {
      await seed(6);
      await db.updateTable('audit_log').set({ object: 'doc-forged' }).where('seq', '=', 4).execute();
      await rechain('sm3', 4);
      expect((await verify()).firstBroken).toEqual({
        seq: 4,
        kind: 'altered',
        reason:
          'entry 4 was edited: its hash does not match its contents (the SHA-256 chain breaks here, the SM3 chain holds)',
      });
    });

    it('says both chains break when an edit was made consistent in neither', async () => {
      await seed(3);
      await sql`UPDATE audit_log SET outcome = 'denied' WHERE seq = 2`.execute(db);
      expect((await verify()).firstBroken?.reason).toBe(
        'entry 2 was edited: its hash does not match its contents (both the SHA-256 and the SM3 chain break here)',
      );
    });

    it('passes only an edit made consistent in both chains, which needs the key', async () => {
      await seed(4);
      await db.updateTable('audit_log').set({ actor: 'mallory' }).where('seq', '=', 2).execute();
      await rechain('sha256', 2);
      await rechain('sm3', 2);
      expect(await verify()).toMatchObject({ ok: true, entries: 4 });
    });

    it('names an entry whose SM3 link was cleared, and a head whose SM3 link differs', async () => {
      await seed(4);
      await db.updateTable('audit_log').set({ chain_sm3: null }).where('seq', '=', 2).execute();
      expect((await verify()).firstBroken).toEqual({
        seq: 2,
        kind: 'unkeyed',
        reason: expect.stringContaining('entry 2 has no SM3 link'),
      });
      await rechain('sm3', 2);
      expect(await verify()).toMatchObject({ ok: true });
      await db.updateTable('audit_head').set({ chain_sm3: GENESIS_HASH }).where('id', '=', 1).execute();
      expect((await verify()).firstBroken).toMatchObject({ kind: 'head-mismatch' });
    });

    it('does not chain again a log whose SM3 head was cleared, so nothing edited meanwhile is blessed', async () => {
      await seed(3);
      await db.updateTable('audit_head').set({ chain_sm3: null }).where('id', '=', 1).execute();
      expect(await chainAuditSm3(db, { checkpointedSm3: false })).toEqual({
        refused: 'entry 1 has an SM3 link but the head has none',
      });
      // Every link cleared too: the signed checkpoints outside the database still say it was chained.
      await db.updateTable('audit_log').set({ chain_sm3: null }).execute();
      expect(await chainAuditSm3(db, { checkpointedSm3: true })).toEqual({
        refused: 'the checkpoints recorded an SM3 chain the database no longer has',
      });
      expect((await verify()).ok).toBe(false);
    });

    it('keys, then SM3-chains, a log from before both the keyed links and the SM3 chain', async () => {
      await seed(3, plain);
      await db.updateTable('audit_log').set({ chain_sm3: null }).execute();
      await db.updateTable('audit_head').set({ chain_sm3: null }).execute();
      expect(await keyAuditLog(db)).toBe(3);
      expect((await rows()).map((r) => r.chainSm3)).toEqual([null, null, null, null]);
      expect(await chainAuditSm3(db, { checkpointedSm3: false })).toEqual({ chained: 4 });
      expect((await rows())[4]).toMatchObject({
        action: 'audit.sm3-chained',
        object: 'entries:1..4 sha256-chain:intact',
      });
      expect(await verify()).toEqual({ ok: true, entries: 5, keyed: true, checkpoints: 0 });
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
        .set({ seq: 4, hash: fourth.hash, mac: fourth.mac, chain_sm3: fourth.chainSm3 })
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

    it('writes checkpoints with the SM3 head (v2) and still reads lines written before it (v1)', async () => {
      await seed(3);
      const file = join(dir, 'checkpoints.jsonl');
      const c = await checkpoint();
      const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
      expect(c).toMatchObject({ v: 2, seq: 3, hash: head.hash, mac: head.mac, chainSm3: head.chain_sm3 });
      expect(await verify()).toMatchObject({ ok: true, checkpoints: 1 });

      // The SM3 head is signed: a line whose SM3 head was changed is not trusted.
      writeFileSync(file, `${JSON.stringify({ ...c, chainSm3: '0'.repeat(64) })}\n`);
      expect((await verify()).firstBroken).toMatchObject({
        kind: 'checkpoint-invalid',
        reason: expect.stringContaining('signature does not verify'),
      });

      // A line as servers before migration 0015 signed it.
      const v1 = {
        v: 1,
        seq: c.seq,
        hash: c.hash,
        mac: c.mac,
        keyId: c.keyId,
        time: c.time,
        reason: c.reason,
      };
      const signed = ['openseal-audit-checkpoint-v1', c.seq, c.hash, c.mac, c.keyId, c.time, c.reason];
      const sig = sign(null, Buffer.from(JSON.stringify(signed)), keys.signingKey).toString('base64');
      writeFileSync(file, `${JSON.stringify({ ...v1, sig })}\n`);
      expect(await verify()).toMatchObject({ ok: true, checkpoints: 1, lastCheckpoint: { seq: 3 } });
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
