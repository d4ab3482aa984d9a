// A database from before migration 0015 gets its SM3 digests at the first start of a server that has
// the KEK: the SM3 of each ledgered file the store kept, and the SM3 chain over every audit entry in
// order, recorded by one audit entry. Later starts change nothing.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { ServerConfig } from '../src/config.ts';
import { dialectOf } from '../src/db/dialect.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { readCheckpoints } from '../src/modules/audit/audit-checkpoint.ts';
import { auditEntryHash, auditEntryMac, GENESIS_HASH } from '../src/modules/audit/audit-hash.ts';
import { type AuditKeys, deriveAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { appendAudit } from '../src/modules/audit/audit-log.ts';
import { checkpointDir } from '../src/modules/audit/checkpoint-file.ts';
import { verifyAuditChain } from '../src/modules/audit/verify-audit-chain.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

const AT = '2026-09-01T08:00:00.000Z';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sm3 = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');

/** The schema as migration `last` left it, the way migrateToLatest keeps its bookkeeping. */
async function migrateUpTo(db: Kysely<Database>, last: string): Promise<void> {
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateTo(last);
  if (error) throw error;
}

/** Keyed entries as a server before 0015 appended them: hash and MAC, no SM3 link. */
async function appendLegacy(db: Kysely<Database>, keys: AuditKeys, n: number): Promise<void> {
  let prevHash = GENESIS_HASH;
  let prevMac = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      seq,
      time: AT,
      actor: `registrar-${seq}`,
      role: 'seal_admin',
      org: null,
      action: 'seal.use',
      object: `doc-${seq}`,
      outcome: 'success' as const,
      requestId: null,
      prevHash,
    };
    const hash = auditEntryHash(content);
    const mac = auditEntryMac(keys.macKey, seq, hash, prevMac);
    await db
      .insertInto('audit_log')
      .values({
        seq,
        time: content.time,
        actor: content.actor,
        role: content.role,
        org: null,
        action: content.action,
        object: content.object,
        outcome: 'success',
        request_id: null,
        prev_hash: prevHash,
        hash,
        mac,
      })
      .execute();
    prevHash = hash;
    prevMac = mac;
  }
  await db
    .updateTable('audit_head')
    .set({ seq: n, hash: prevHash, mac: prevMac })
    .where('id', '=', 1)
    .execute();
}

/** A seal and one ledger row per file, as the seal step wrote them before 0015. */
async function ledgerLegacy(db: Kysely<Database>, files: readonly Uint8Array[]): Promise<void> {
  await db
    .insertInto('org_units')
    .values({
      id: 'u1',
      parent_id: null,
      path: '/u1',
      name_zh: '示范大学',
      name_en: 'Demo',
      kind: 'school',
      created_at: AT,
    })
    .execute();
  await db
    .insertInto('seals')
    .values({
      id: 'seal-1',
      name: '示范大学合同专用章',
      type: 'business',
      owner_unit_id: 'u1',
      status: 'active',
      custodian_user_id: null,
      physical: 0,
      seal_spec: JSON.stringify({ kind: 'round', orgName: '示范大学' }),
      certificate: null,
      certificate_serial: null,
      key_envelope: null,
      created_at: AT,
    })
    .execute();
  for (const [i, file] of files.entries()) {
    await db
      .insertInto('sealed_documents')
      .values({
        id: `doc-${i}`,
        sha256: sha256(file),
        seal_id: 'seal-1',
        actor: 'registrar',
        purpose: 'test',
        created_at: AT,
      })
      .execute();
  }
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`SM3 digests added to a database from before 0015 on ${kind.name}`, () => {
    let target: TestDatabase;
    let dataDir: string;
    const kek = randomBytes(32);
    const keys = deriveAuditKeys(kek);
    const config = (): ServerConfig => ({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: target.config,
      logLevel: 'silent',
      kek,
    });
    const deps = { clock: () => new Date(AT) };
    const verify = (db: Kysely<Database>) =>
      verifyAuditChain(db, {
        keys,
        checkpoints: readCheckpoints(checkpointDir(dataDir)),
        tsaCertificates: [],
      });
    const kept = Buffer.from('%PDF-1.7\n% a sealed file the store kept\n');
    const gone = Buffer.from('%PDF-1.7\n% a stamp whose caller took the file away\n');

    /** A database at 0014 with three keyed entries and two ledgered files, one of them kept. */
    async function legacyDatabase(edit?: (db: Kysely<Database>) => Promise<void>) {
      const old = openDatabase(target.config);
      try {
        await migrateUpTo(old, '0014-uploads');
        await appendLegacy(old, keys, 3);
        await ledgerLegacy(old, [kept, gone]);
        // `openseal audit verify` on a database not migrated yet says the SM3 chain is missing.
        expect((await verify(old)).firstBroken).toEqual({
          seq: 1,
          kind: 'unkeyed',
          reason: expect.stringContaining('entry 1 has no SM3 link'),
        });
        await edit?.(old);
      } finally {
        await old.destroy();
      }
      const name = sha256(kept);
      const dir = join(dataDir, 'files', name.slice(0, 2), name.slice(2, 4));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), kept);
    }

    beforeEach(async () => {
      target = await kind.create();
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-sm3-backfill-'));
    });
    afterEach(async () => {
      await target.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('fills the ledger from kept files and chains the audit log in SM3 at the first start, once', async () => {
      await legacyDatabase();
      const app = await buildApp(config(), deps);
      try {
        const ledger = await app.db
          .selectFrom('sealed_documents')
          .select(['id', 'sha256', 'sm3'])
          .orderBy('id')
          .execute();
        expect(ledger).toEqual([
          { id: 'doc-0', sha256: sha256(kept), sm3: sm3(kept) },
          { id: 'doc-1', sha256: sha256(gone), sm3: null },
        ]);
        const entries = await app.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        expect(entries).toHaveLength(4);
        expect(entries.every((e) => /^[0-9a-f]{64}$/.test(e.chain_sm3 ?? ''))).toBe(true);
        expect(entries[3]).toMatchObject({
          action: 'audit.sm3-chained',
          object: 'entries:1..3 sha256-chain:intact',
          outcome: 'success',
        });
        expect(await verify(app.db)).toMatchObject({ ok: true, entries: 4, keyed: true });
      } finally {
        await app.close();
      }

      const again = await buildApp(config(), deps);
      try {
        const chained = await again.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'audit.sm3-chained')
          .execute();
        expect(chained).toEqual([{ seq: 4 }]);
        expect(await verify(again.db)).toMatchObject({ ok: true, entries: 4 });
      } finally {
        await again.close();
      }
    }, 60_000);

    it('does not chain again a log whose SM3 chain was wiped after the checkpoints recorded it', async () => {
      const first = await buildApp(config(), deps);
      for (let i = 0; i < 3; i++) await appendAudit(first.db, { action: 'seal.use', outcome: 'success' });
      await first.close();
      const db = openDatabase(target.config);
      try {
        await db.updateTable('audit_log').set({ chain_sm3: null }).execute();
        await db.updateTable('audit_head').set({ chain_sm3: null }).execute();
      } finally {
        await db.destroy();
      }
      const app = await buildApp(config(), deps);
      try {
        const chained = await app.db
          .selectFrom('audit_log')
          .select('seq')
          .where('action', '=', 'audit.sm3-chained')
          .execute();
        expect(chained).toEqual([]);
        expect((await verify(app.db)).firstBroken).toEqual({
          seq: 1,
          kind: 'unkeyed',
          reason: expect.stringContaining('entry 1 has no SM3 link'),
        });
      } finally {
        await app.close();
      }
    }, 60_000);

    it('records a SHA-256 break it finds while chaining, which verify still reports', async () => {
      await legacyDatabase(async (old) => {
        await old.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', 2).execute();
      });
      const app = await buildApp(config(), deps);
      try {
        const last = await app.db
          .selectFrom('audit_log')
          .select(['action', 'object', 'outcome'])
          .where('seq', '=', 4)
          .executeTakeFirstOrThrow();
        expect(last).toEqual({
          action: 'audit.sm3-chained',
          object: 'entries:1..3 sha256-chain:broken-at:2',
          outcome: 'failure',
        });
        expect((await verify(app.db)).firstBroken).toEqual({
          seq: 2,
          kind: 'altered',
          reason: expect.stringContaining('the SHA-256 chain breaks here, the SM3 chain holds'),
        });
      } finally {
        await app.close();
      }
    }, 60_000);
  });
}
