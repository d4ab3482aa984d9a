// Audit drill (issue 11): a real server keeps a log and its checkpoints in a real data directory;
// then someone with SQL access to the database, but not to the KEK or the data directory, tampers
// with the log as an insider would, and `openseal audit verify` (the real command, in its own
// process) must name the first bad entry and what happened to it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AuditVerifyResult } from '@openseal/contract';
import { createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { DatabaseConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { Database } from '../src/db/schema.ts';
import { auditEntryHash, auditEntryMac, GENESIS_HASH } from '../src/modules/audit/audit-hash.ts';
import { deriveAuditKeys } from '../src/modules/audit/audit-keys.ts';
import { appendAudit } from '../src/modules/audit/audit-log.ts';
import { entryFromRow } from '../src/modules/audit/audit-rows.ts';
import { TEST_DATABASES } from './databases.ts';

const execFileAsync = promisify(execFile);
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRIES = 12;

let pkiDir: string;
let pki: Pki;
beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'openseal-drill-pki-'));
  await initPki({ dir: pkiDir, passphrase: 'drill-passphrase-1', keyAlgorithm: 'ecdsa-p256' });
  pki = await loadPki(pkiDir, 'drill-passphrase-1');
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

interface Install {
  data: string;
  database: DatabaseConfig;
  kek: string;
  /** The insider's view: the database, without the audit keys. */
  db: Kysely<Database>;
  dispose(): Promise<void>;
}

/** A server run that logs ENTRIES entries and shuts down cleanly (start and shutdown checkpoints). */
async function install(kind: (typeof TEST_DATABASES)[number]): Promise<Install> {
  const data = mkdtempSync(join(tmpdir(), 'openseal-drill-'));
  const target = kind.name === 'sqlite' ? undefined : await kind.create();
  const database: DatabaseConfig = target?.config ?? { dialect: 'sqlite', file: join(data, 'openseal.db') };
  const kek = randomBytes(32);
  const app = await buildApp(
    { port: 0, host: '127.0.0.1', dataDir: data, database, logLevel: 'silent', kek },
    {
      timestamper: createTimestampAuthority({ certificate: pki.tsa.certificate, signer: pki.tsa.signer }),
    },
  );
  for (let i = 1; i <= ENTRIES; i++) {
    await appendAudit(app.db, {
      actor: `registrar-${i % 3}`,
      role: 'business_creator',
      action: 'seal.use',
      object: `seal:school/document:${i}`,
      outcome: 'success',
    });
  }
  await app.close();
  const db = openDatabase(database);
  return {
    data,
    database,
    kek: kek.toString('base64'),
    db,
    async dispose() {
      await db.destroy();
      await target?.dispose();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** `openseal audit verify --json` as the operator runs it. */
async function auditVerify(i: Install): Promise<{ code: number; result: AuditVerifyResult }> {
  const args = [
    join(repoRoot, 'apps/cli/bin/openseal.js'),
    'audit',
    'verify',
    '--json',
    '--data',
    i.data,
    '--tsa-cert',
    join(pkiDir, 'tsa.pem'),
    ...(i.database.dialect === 'postgres' ? ['--database-url', i.database.url] : []),
  ];
  const env = { ...process.env, OPENSEAL_KEK: i.kek, DATABASE_URL: undefined, OPENSEAL_DATA_DIR: undefined };
  try {
    const { stdout } = await execFileAsync(process.execPath, args, { env, cwd: repoRoot });
    return { code: 0, result: JSON.parse(stdout) };
  } catch (e) {
    const failed = e as { code: number; stdout: string };
    return { code: failed.code, result: JSON.parse(failed.stdout) };
  }
}

const rowsOf = async (db: Kysely<Database>) =>
  (await db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map((r) => ({
    ...entryFromRow(r),
    mac: r.mac,
    chainSm3: r.chain_sm3,
  }));

/**
 * Rewrites every entry from `from` on (a different document each), recomputing each hash and link
 * as anyone can, and each MAC with `macFor` when given (a guessed key), else leaving it; moves the head.
 */
async function rewriteFrom(
  db: Kysely<Database>,
  from: number,
  macFor?: (seq: number, hash: string, prevMac: string) => string,
) {
  const rows = await rowsOf(db);
  let prevHash = rows[from - 2]?.hash ?? GENESIS_HASH;
  let prevMac = rows[from - 2]?.mac ?? GENESIS_HASH;
  for (const row of rows.slice(from - 1)) {
    const { hash: _h, mac: oldMac, ...content } = { ...row, object: `${row.object}-forged`, prevHash };
    const hash = auditEntryHash(content);
    const mac = macFor ? macFor(row.seq, hash, prevMac) : oldMac;
    await db
      .updateTable('audit_log')
      .set({ object: content.object, prev_hash: prevHash, hash, mac })
      .where('seq', '=', row.seq)
      .execute();
    prevHash = hash;
    prevMac = mac ?? GENESIS_HASH;
  }
  await db.updateTable('audit_head').set({ hash: prevHash, mac: prevMac }).where('id', '=', 1).execute();
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`audit drill on ${kind.name}`, () => {
    const drill = (name: string, tamper: (i: Install) => Promise<void>, expected: object) =>
      it(name, async () => {
        const i = await install(kind);
        try {
          await tamper(i);
          const { code, result } = await auditVerify(i);
          expect(result).toMatchObject(expected);
          expect(code).toBe(result.ok ? 0 : 1);
        } finally {
          await i.dispose();
        }
      }, 120_000);

    drill('an untouched log is intact, keyed and checkpointed at shutdown', async () => {}, {
      ok: true,
      entries: ENTRIES,
      keyed: true,
      checkpoints: 2,
      lastCheckpoint: { seq: ENTRIES, timestamped: true },
    });

    drill(
      'the whole log and its head wiped',
      async ({ db }) => {
        await sql`DELETE FROM audit_log`.execute(db);
        await sql`UPDATE audit_head SET seq = 0, hash = ${GENESIS_HASH}, mac = NULL`.execute(db);
      },
      {
        ok: false,
        entries: 0,
        firstBroken: {
          seq: 1,
          kind: 'wiped',
          reason: expect.stringContaining(`recorded ${ENTRIES} entries`),
        },
      },
    );

    drill(
      'the tail truncated and the head moved back onto the new last entry',
      async ({ db }) => {
        const eighth = (await rowsOf(db))[7]!;
        await sql`DELETE FROM audit_log WHERE seq > 8`.execute(db);
        await db
          .updateTable('audit_head')
          .set({ seq: 8, hash: eighth.hash, mac: eighth.mac, chain_sm3: eighth.chainSm3 })
          .where('id', '=', 1)
          .execute();
      },
      { ok: false, firstBroken: { seq: 9, kind: 'truncated', reason: expect.stringContaining('9..12') } },
    );

    drill('rewritten from entry 5 with recomputed hashes', ({ db }) => rewriteFrom(db, 5), {
      ok: false,
      firstBroken: { seq: 5, kind: 'altered' },
    });

    drill(
      'rewritten from entry 5 with hashes and MACs recomputed under a guessed key',
      async ({ db }) => {
        const guessed = deriveAuditKeys(randomBytes(32));
        await rewriteFrom(db, 5, (seq, hash, prevMac) => auditEntryMac(guessed.macKey, seq, hash, prevMac));
      },
      { ok: false, firstBroken: { seq: 5, kind: 'altered', reason: expect.stringContaining('MAC') } },
    );

    drill(
      'every MAC cleared and the log rewritten from entry 5 as if it had never been keyed',
      async ({ db }) => {
        await sql`UPDATE audit_log SET mac = NULL`.execute(db);
        await rewriteFrom(db, 5);
        await sql`UPDATE audit_head SET mac = NULL`.execute(db);
      },
      { ok: false, firstBroken: { seq: 1, kind: 'unkeyed' } },
    );

    drill(
      'a row inserted in the middle, the later ones renumbered',
      async ({ db }) => {
        const rows = await rowsOf(db);
        await sql`UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 6`.execute(db);
        await sql`UPDATE audit_log SET seq = seq - 999 WHERE seq >= 1000`.execute(db);
        const forged = {
          ...rows[5]!,
          seq: 6,
          actor: 'mallory',
          object: 'seal:school/document:forged',
          prevHash: rows[4]!.hash,
        };
        const { hash: _h, mac: _m, ...content } = forged;
        const hash = auditEntryHash(content);
        await db
          .insertInto('audit_log')
          .values({
            seq: 6,
            time: forged.time,
            actor: forged.actor,
            role: forged.role,
            org: forged.org,
            action: forged.action,
            object: forged.object,
            outcome: forged.outcome,
            request_id: forged.requestId,
            prev_hash: forged.prevHash,
            hash,
            mac: auditEntryMac(randomBytes(32), 6, hash, rows[4]!.mac!),
          })
          .execute();
        await sql`UPDATE audit_head SET seq = seq + 1`.execute(db);
      },
      {
        ok: false,
        firstBroken: { seq: 6, kind: 'inserted', reason: expect.stringContaining('original entry 6') },
      },
    );
  });
}
