import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
import { stampHead } from './audit-anchor.ts';
import { auditEntryHash } from './audit-hash.ts';
import { appendAudit } from './audit-log.ts';
import { entryFromRow } from './audit-rows.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const execFileAsync = promisify(execFile);

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
    let db: Kysely<Database>;
    const verify = () => verifyAuditChain(db, { tsaCertificates: [pki.tsa.certificate], batchSize: 4 });

    async function seed(n: number) {
      for (let i = 1; i <= n; i++) {
        await appendAudit(db, {
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

    beforeEach(async () => {
      target = await kind.create();
      db = openDatabase(target.config);
      await migrateToLatest(db);
    });
    afterEach(async () => {
      await db.destroy();
      await target.dispose();
    });

    it('an empty log verifies', async () => {
      expect(await verify()).toEqual({ ok: true, entries: 0, anchors: 0 });
    });

    it('appends linked entries whose hash covers every field', async () => {
      await seed(3);
      const rows = (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(entryFromRow);
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(rows[0]!.prevHash).toBe('0'.repeat(64));
      expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
      const { hash, ...content } = rows[2]!;
      expect(auditEntryHash(content)).toBe(hash);
      expect(await verify()).toEqual({ ok: true, entries: 3, anchors: 0 });
    });

    it('keeps the chain when 40 appends race in one process', async () => {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          appendAudit(db, { action: 'login', outcome: 'success', actor: `u${i}` }),
        ),
      );
      expect(await verify()).toEqual({ ok: true, entries: 40, anchors: 0 });
    });

    it('keeps the chain when two processes append at once', async () => {
      const worker = fileURLToPath(new URL('../../../test/append-worker.ts', import.meta.url));
      const run = () =>
        execFileAsync(process.execPath, ['--import', 'tsx', worker, JSON.stringify(target.config), '25']);
      await Promise.all([run(), run(), seed(10)]);
      expect(await verify()).toEqual({ ok: true, entries: 60, anchors: 0 });
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
      expect(await verify()).toEqual({ ok: true, entries: 2, anchors: 0 });
    });

    it('names an edited entry', async () => {
      await seed(6);
      await sql`UPDATE audit_log SET outcome = 'failure' WHERE seq = 4`.execute(db);
      expect((await verify()).firstBroken).toEqual({ seq: 4, reason: expect.stringContaining('edited') });
    });

    it('names an entry whose hash was recomputed after an edit by the next link', async () => {
      await seed(6);
      const row = entryFromRow(
        await db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow(),
      );
      const { hash: _old, ...content } = { ...row, actor: 'mallory' };
      await db
        .updateTable('audit_log')
        .set({ actor: 'mallory', hash: auditEntryHash(content) })
        .where('seq', '=', 3)
        .execute();
      expect((await verify()).firstBroken).toEqual({ seq: 4, reason: expect.stringContaining('prevHash') });
    });

    it('names a deleted entry', async () => {
      await seed(6);
      await sql`DELETE FROM audit_log WHERE seq = 2`.execute(db);
      expect((await verify()).firstBroken).toEqual({ seq: 2, reason: 'entry 2 is missing (deleted)' });
    });

    it('names deleted entries at the end of the log', async () => {
      await seed(6);
      await sql`DELETE FROM audit_log WHERE seq >= 5`.execute(db);
      expect((await verify()).firstBroken).toEqual({ seq: 5, reason: expect.stringContaining('missing') });
    });

    it('names an inserted entry', async () => {
      await seed(6);
      await sql`UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3`.execute(db);
      await sql`UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100`.execute(db);
      const prev = await db
        .selectFrom('audit_log')
        .select('hash')
        .where('seq', '=', 2)
        .executeTakeFirstOrThrow();
      const forged = {
        seq: 3,
        time: new Date().toISOString(),
        actor: 'mallory',
        role: null,
        org: null,
        action: 'seal.use',
        object: null,
        outcome: 'success' as const,
        requestId: null,
        prevHash: prev.hash,
      };
      const hash = auditEntryHash(forged);
      await db
        .insertInto('audit_log')
        .values({
          ...forged,
          request_id: null,
          prev_hash: forged.prevHash,
          requestId: undefined,
          prevHash: undefined,
          hash,
        } as never)
        .execute();
      // The forged entry links correctly; the first entry it displaced (now seq 4) no longer does.
      expect((await verify()).firstBroken?.seq).toBe(4);
    });

    it('names reordered entries', async () => {
      await seed(6);
      await sql`UPDATE audit_log SET seq = -1 WHERE seq = 3`.execute(db);
      await sql`UPDATE audit_log SET seq = 3 WHERE seq = 5`.execute(db);
      await sql`UPDATE audit_log SET seq = 5 WHERE seq = -1`.execute(db);
      expect((await verify()).firstBroken?.seq).toBe(3);
    });

    it('timestamps the head, and a chain rewritten under an anchor fails at the anchor', async () => {
      await seed(5);
      const anchor = await stampHead(db, tsaOf(pki));
      expect(anchor.seq).toBe(5);
      await seed(2);
      expect(await verify()).toEqual({ ok: true, entries: 7, anchors: 1, lastAnchoredSeq: 5 });

      // Rewrite entry 2 and recompute every later hash and link, as someone with SQL access could.
      const rows = (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(entryFromRow);
      let prevHash = rows[0]!.hash;
      for (const row of rows.slice(1)) {
        const { hash: _old, ...content } = {
          ...row,
          prevHash,
          object: row.seq === 2 ? 'other-doc' : row.object,
        };
        const hash = auditEntryHash(content);
        await db
          .updateTable('audit_log')
          .set({ object: content.object, prev_hash: prevHash, hash })
          .where('seq', '=', row.seq)
          .execute();
        prevHash = hash;
      }
      await db.updateTable('audit_head').set({ hash: prevHash }).where('id', '=', 1).execute();
      expect((await verify()).firstBroken).toEqual({
        seq: 5,
        reason: expect.stringContaining('chain rewritten'),
      });
    });

    it('rejects an anchor from a TSA that is not trusted', async () => {
      await seed(2);
      await stampHead(db, tsaOf(otherPki));
      expect((await verify()).firstBroken).toEqual({ seq: 2, reason: expect.stringContaining('TSA') });
    });

    it('refuses to stamp an empty log with ERR_AUDIT_EMPTY', async () => {
      await expect(stampHead(db, tsaOf(pki))).rejects.toMatchObject({ code: 'ERR_AUDIT_EMPTY' });
    });
  });
}
