import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoMode, createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { type Kysely, Migrator, sql } from 'kysely';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { dialectOf } from '../src/db/dialect.ts';
import { MIGRATIONS } from '../src/db/migrations/index.ts';
import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { fileEncryption, type StoredFileFormat, storedFileFormat } from '../src/plugins/file-encryption.ts';
import { localFileStore, storedFilePath } from '../src/plugins/file-store.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { stampRequestRequest } from './seal-use-request.ts';
import { uploadFor } from './uploads-support.ts';

let pkiDir: string;
let pki: Pki;
beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'openseal-at-rest-pki-'));
  await initPki({
    dir: join(pkiDir, 'pki'),
    passphrase: 'at rest',
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  pki = await loadPki(join(pkiDir, 'pki'), 'at rest');
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

/** A PDF whose bytes hold `marker` as written (a literal string, no object streams) and whose page text says it. */
async function pdfHolding(marker: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(`Contract ${marker}`, { x: 72, y: 760, size: 14 });
  doc.catalog.set(PDFName.of('OpenSealTestMarker'), PDFString.of(marker));
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  expect(pdf.includes(marker), 'the marker is in the plaintext, so finding it would mean a leak').toBe(true);
  return pdf;
}

/** Every regular file under `dir`, with its path and bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ path: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

/** Every row of every table, as text (binary columns as Latin-1): what a dump of the database shows. */
async function databaseText(db: Kysely<unknown>): Promise<string> {
  const tables =
    dialectOf(db) === 'sqlite'
      ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)
      : await sql<{
          name: string;
        }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(
          db,
        );
  expect(tables.rows.map((t) => t.name)).toContain('approval_files');
  const out: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    for (const row of rows.rows)
      for (const value of Object.values(row))
        out.push(value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : String(value));
  }
  return out.join('\n');
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`documents encrypted at rest, on ${kind.name}`, () => {
    let db: TestDatabase;
    let dataDir: string;
    let app: FastifyInstance;
    const kek = randomBytes(32);
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const sessions: Record<string, Session> = {};
    const seals: Record<string, string> = {};
    /** Every document the deployment holds, as first read: its URL (or store and name) and bytes. */
    const documents: { read: () => Promise<Buffer>; bytes: Buffer; what: string }[] = [];
    let contractFile: { sha256: string; url: string };
    let diff: { url: string; before: unknown };
    const MARKER = `AT-REST-${randomBytes(6).toString('hex')}`;

    async function start(mode: CryptoMode): Promise<void> {
      app = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir,
          database: db.config,
          logLevel: 'silent',
          kek,
          cryptoMode: mode,
        },
        {
          clock: () => new Date(clock.ms),
          pki,
          timestamper: createTimestampAuthority({
            certificate: pki.tsa.certificate,
            signer: pki.tsa.signer,
            chain: [pki.issuing.certificate],
          }),
        },
      );
    }
    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
    const act = (user: string, id: string, body: object) =>
      call(user, 'POST', `/api/requests/${id}/act`, body);
    const upload = async (user: string, name: string, bytes: Uint8Array) => ({
      uploadId: await uploadFor(app, sessions[user] as Session, name, bytes),
    });
    async function seedAndSignIn() {
      const demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      for (const s of await app.db.selectFrom('seals').select(['id', 'name']).execute()) seals[s.name] = s.id;
      // Sessions live in the database, so they outlast the restarts below.
      for (const user of ['creator', 'leader', 'sealoffice'])
        sessions[user] = await signInDemo(app, demo, user);
    }
    async function requestUse(marker: string) {
      const res = await call('creator', 'POST', '/api/requests/use', {
        type: 'seal.use',
        payload: {
          sealId: seals['示范大学合同专用章'],
          documentType: 'contract',
          purpose: '与某公司签订合作协议',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
        },
        file: await upload('creator', 'contract.pdf', await pdfHolding(marker)),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }
    /** A store reads every format, whichever mode it writes in. */
    const storeFor = (store: 'files' | 'uploads') =>
      localFileStore(
        join(dataDir, store),
        fileEncryption('standard', () => kek),
      );
    /** The format of every stored document, by store. */
    const storedFormats = (): StoredFileFormat[] =>
      ['files', 'uploads'].flatMap((store) =>
        existsSync(join(dataDir, store))
          ? filesUnder(join(dataDir, store))
              .filter((f) => /[0-9a-f]{64}$/.test(f.path))
              .map((f) => storedFileFormat(f.bytes))
          : [],
      );

    /** Neither a file under the data dir nor a row of the database holds `marker`. */
    async function nowhereInPlain(marker: string) {
      for (const f of filesUnder(dataDir)) expect(f.bytes.includes(marker), f.path).toBe(false);
      expect((await databaseText(app.db as Kysely<unknown>)).includes(marker)).toBe(false);
    }
    /** Nor SQLite's files, free space included, once the server has closed them. */
    function notInDatabaseFiles(marker: string) {
      if (db.config.dialect !== 'sqlite') return;
      const files = [db.config.file, `${db.config.file}-wal`].filter((f) => existsSync(f));
      for (const file of files) expect(readFileSync(file).includes(marker), file).toBe(false);
    }

    beforeAll(async () => {
      db = await kind.create();
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-at-rest-'));
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('populates a standard deployment, with a plain file from before encryption at rest', async () => {
      const legacy = await pdfHolding(`${MARKER}-legacy`);
      const legacySha = createHash('sha256').update(legacy).digest('hex');
      mkdirSync(join(storedFilePath(join(dataDir, 'files'), legacySha), '..'), { recursive: true });
      writeFileSync(storedFilePath(join(dataDir, 'files'), legacySha), legacy);

      await start('standard');
      await seedAndSignIn();
      // A request approved and stamped: its file and its sealed copy are kept.
      const request = await requestUse(`${MARKER}-contract`);
      expect((await act('leader', request.id, { action: 'approve' })).statusCode).toBe(200);
      expect((await act('sealoffice', request.id, { action: 'approve' })).json().status).toBe('approved');
      const stamped = await app.inject(
        stampRequestRequest(request.id, undefined, as(sessions['creator']!).headers),
      );
      expect(stamped.statusCode, stamped.body).toBe(200);
      const fileUrl = `/api/requests/${request.id}/files/${request.files[0].id}`;
      const sealedUrl = `/api/requests/${request.id}/sealed/${stamped.headers['x-ledger-id']}`;
      contractFile = { sha256: request.files[0].sha256, url: fileUrl };
      // A request returned and resubmitted: two versions and the diff between them.
      const returned = await requestUse(`${MARKER}-round1`);
      await act('leader', returned.id, { action: 'return', comment: '请修改' });
      const again = await call('creator', 'POST', `/api/requests/${returned.id}/resubmit`, {
        payload: {},
        file: await upload('creator', 'contract-v2.pdf', await pdfHolding(`${MARKER}-round2`)),
      });
      expect(again.statusCode, again.body).toBe(200);
      const diffUrl = `/api/requests/${returned.id}/diff`;
      const before = await call('leader', 'GET', diffUrl);
      expect(before.statusCode, before.body).toBe(200);
      diff = { url: diffUrl, before: before.json() };
      expect(JSON.stringify(diff.before)).toContain(`${MARKER}-round2`);
      // A staged upload no request has taken yet.
      const staged = await pdfHolding(`${MARKER}-staged`);
      const stagedSha = createHash('sha256').update(staged).digest('hex');
      await upload('creator', 'staged.pdf', staged);

      const byUrl = (url: string) => async () => {
        const res = await call('creator', 'GET', url);
        expect(res.statusCode, res.body).toBe(200);
        return Buffer.from(res.rawPayload);
      };
      for (const [what, url] of [
        ['approved file', fileUrl],
        ['sealed copy', sealedUrl],
        ['round 1', `/api/requests/${returned.id}/files/${again.json().files[0].id}`],
        ['round 2', `/api/requests/${returned.id}/files/${again.json().files[1].id}`],
      ] as const) {
        const read = byUrl(url);
        documents.push({ what, read, bytes: await read() });
      }
      const byStore = (store: 'files' | 'uploads', sha256: string) => async () =>
        Buffer.from(await storeFor(store).get(sha256));
      documents.push({ what: 'legacy plain file', read: byStore('files', legacySha), bytes: legacy });
      documents.push({ what: 'staged upload', read: byStore('uploads', stagedSha), bytes: staged });
      expect(documents.find((d) => d.what === 'approved file')?.bytes.includes(`${MARKER}-contract`)).toBe(
        true,
      );

      // The first start rewrote the plain file: every stored document is encrypted (AES-256-GCM).
      expect(storedFormats().length).toBeGreaterThanOrEqual(6);
      expect(new Set(storedFormats())).toEqual(new Set(['aes-256-gcm']));
      await nowhereInPlain(MARKER);

      // As a server from before 0016 left it: each version's extracted text stored beside the file.
      const migrator = new Migrator({
        db: app.db,
        provider: { getMigrations: async () => MIGRATIONS },
        ...(dialectOf(app.db) === 'postgres'
          ? {
              migrationTableSchema: (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(app.db))
                .rows[0]?.s,
            }
          : {}),
      });
      // Back to just before 0016 (migrations after it are undone first).
      const down = await migrator.migrateTo('0015-sm3-digests');
      expect(down.error).toBeUndefined();
      expect(down.results?.at(-1)).toMatchObject({
        migrationName: '0016-file-text-out-of-database',
        status: 'Success',
      });
      await sql`UPDATE approval_files SET text = ${`Contract ${MARKER}-legacy-text`}`.execute(app.db);
      expect((await databaseText(app.db as Kysely<unknown>)).includes(MARKER)).toBe(true);
      await app.close();
      if (db.config.dialect === 'sqlite') expect(readFileSync(db.config.file).includes(MARKER)).toBe(true);
    }, 120_000);

    /** Every document reads back byte-identical, and the diff between versions is unchanged. */
    async function everyDocumentIntact() {
      for (const d of documents) expect((await d.read()).equals(d.bytes), d.what).toBe(true);
      expect((await call('leader', 'GET', diff.url)).json()).toEqual(diff.before);
    }

    it('switched to gm: every document is SM4-encrypted, byte-identical on read, and in plain nowhere', async () => {
      await start('gm');
      expect(new Set(storedFormats())).toEqual(new Set(['sm4-hmac-sm3']));
      await everyDocumentIntact();
      await nowhereInPlain(MARKER);

      // A document submitted in gm mode is never written in plain, to disk or to the database.
      const fresh = await requestUse(`${MARKER}-gm`);
      const url = `/api/requests/${fresh.id}/files/${fresh.files[0].id}`;
      const res = await call('creator', 'GET', url);
      expect(res.rawPayload.includes(`${MARKER}-gm`)).toBe(true);
      documents.push({
        what: 'submitted in gm mode',
        read: async () => Buffer.from((await call('creator', 'GET', url)).rawPayload),
        bytes: Buffer.from(res.rawPayload),
      });
      expect(new Set(storedFormats())).toEqual(new Set(['sm4-hmac-sm3']));
      await nowhereInPlain(MARKER);
      await app.close();
      notInDatabaseFiles(MARKER);
    }, 120_000);

    it('switched back to standard: every document is byte-identical again', async () => {
      await start('standard');
      expect(new Set(storedFormats())).toEqual(new Set(['aes-256-gcm']));
      await everyDocumentIntact();
      await nowhereInPlain(MARKER);
    }, 120_000);

    it('refuses a stored file altered on disk by name, and serves no bytes of it', async () => {
      const path = storedFilePath(join(dataDir, 'files'), contractFile.sha256);
      const stored = readFileSync(path);
      const tampered = Buffer.from(stored);
      tampered[stored.length - 100]! ^= 1;
      writeFileSync(path, tampered);
      const res = await call('creator', 'GET', contractFile.url);
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({
        code: 'ERR_STORED_FILE_CORRUPT',
        messageZh: expect.stringContaining('完整性'),
      });
      writeFileSync(path, stored);
      expect((await call('creator', 'GET', contractFile.url)).statusCode).toBe(200);
    });
  });
}
