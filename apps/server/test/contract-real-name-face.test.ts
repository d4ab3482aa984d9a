// The face step of a contract's real-name check, through the HTTP API on both databases, with the demo
// provider (which offers it): the name and ID number pass first and the answer asks for the face; a
// photo that is no usable image is refused with ERR_IDENTITY_FACE_IMAGE and changes nothing; a real
// camera-sized PNG passes, the identity record and the evidence report name the face check, and the
// photo's bytes are in no table and no stored file (only its SHA-256 is kept).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { ContractDetail } from '@openseal/contract';
import { extractText } from '@openseal/pdf-sign';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { demoRealNameProvider } from '../src/modules/contracts/real-name/demo-real-name.ts';
import type { RealNameRecord } from '../src/modules/contracts/real-name/real-name-check.ts';
import { browserSigner } from './browser-signer.ts';
import { b64, contractCalls, filesUnder } from './contract-test-support.ts';
import { servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, type TestPki } from './test-pki.ts';

/** A PNG (ISO/IEC 15948) of random RGB pixels: truecolour, 8 bits, no filter on each row. */
function randomPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), randomBytes(width * 3)])),
  );
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(rows, { level: 0 })),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const NAME = '示范学生';
const ID_NUMBER = '11010519491231002X';

let served: TestPki & { close(): Promise<void> };
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('contract-face');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Course contract', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => served?.close());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`a real-name check with a face step on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let creator: Session;
    let student: Session;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const calls = contractCalls(() => app);
    const identity = (id: string, body: object) =>
      calls.call(student, 'POST', `/api/contracts/${id}/identity`, body);
    const partyRow = (partyId: string) =>
      app.db.selectFrom('contract_parties').selectAll().where('id', '=', partyId).executeTakeFirstOrThrow();
    const eventCount = async (id: string) =>
      (await app.db.selectFrom('contract_events').select('id').where('contract_id', '=', id).execute())
        .length;

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp({ ...served, pdf }, db.config, kek, () => new Date(clock.ms), {
        realName: demoRealNameProvider,
      });
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('asks for the face after the name and ID, refuses a non-image, passes a photo and keeps only its hash', async () => {
      const contract = await calls.start(creator, pdf, [
        { kind: 'person', username: 'student', identity: 'real-name' },
      ]);
      const partyId = contract.parties[0]!.id;

      // Name and ID number pass; the provider offers a face check, so it comes next and the key waits.
      const first = await identity(contract.id, { name: NAME, idNumber: ID_NUMBER, phone: '13800138000' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ next: 'face', parties: [{ identityVerified: false }] });
      expect((await partyRow(partyId)).identity_check).toBeNull();
      const signer = await browserSigner();
      const early = await calls.call(student, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64(signer.csr),
      });
      expect(early.json().code).toBe('ERR_IDENTITY_REQUIRED');

      // Photos that are no usable image: refused before any provider call, nothing recorded.
      const events = await eventCount(contract.id);
      const refused = [
        { mediaType: 'image/jpeg', image: b64(Buffer.from('this is not a photo, only some words')) },
        { mediaType: 'image/jpeg', image: b64(randomPng(320, 240)) },
        { mediaType: 'image/png', image: b64(randomPng(16, 16)) },
        {
          mediaType: 'image/png',
          image: b64(Buffer.concat([randomPng(64, 64), randomBytes(5 * 1024 * 1024)])),
        },
      ];
      for (const face of refused) {
        const res = await identity(contract.id, { name: NAME, idNumber: ID_NUMBER, face });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json()).toMatchObject({ code: 'ERR_IDENTITY_FACE_IMAGE' });
      }
      expect(await eventCount(contract.id)).toBe(events);
      expect((await partyRow(partyId)).identity_check).toBeNull();

      // A camera-sized photo passes with the same elements.
      const photo = randomPng(320, 240);
      const passed = await identity(contract.id, {
        name: NAME,
        idNumber: ID_NUMBER,
        phone: '13800138000',
        face: { mediaType: 'image/png', image: b64(photo) },
      });
      expect(passed.statusCode, passed.body).toBe(200);
      const detail = passed.json() as ContractDetail & { next?: string };
      expect(detail.next).toBeUndefined();
      expect(detail.parties[0]!.identityVerified).toBe(true);

      // The record says which checks passed and by whom; the photo only by its SHA-256.
      const record = JSON.parse((await partyRow(partyId)).identity_check as string) as RealNameRecord;
      expect(record).toMatchObject({
        provider: demoRealNameProvider.name,
        checks: ['name+ID', 'phone', 'face (demo provider)'],
        maskedIdNumber: '110***********002X',
        face: {
          label: 'face (demo provider)',
          liveness: 'not-checked',
          match: 'not-checked',
          selfieSha256: createHash('sha256').update(photo).digest('hex'),
        },
      });
      const checks = detail.events.filter((e) => e.kind === 'identity-checked').map((e) => e.detail);
      expect(checks).toHaveLength(2);
      expect(checks[0]).toContain('face check next');
      expect(checks[1]).toContain('face (demo provider)');
      expect(checks[1]).toContain('three-element');

      expect((await calls.signAs(student, contract.id, signer)).statusCode).toBe(200);

      // The evidence report prints the checks, the face check named.
      const evidence = await calls.call(student, 'GET', `/api/contracts/${contract.id}/evidence`);
      expect(evidence.statusCode, evidence.body).toBe(200);
      const text = (await extractText(new Uint8Array(evidence.rawPayload))).replace(/\s+/g, '');
      expect(text).toContain('face(demoprovider)');
      expect(text).toContain('实名认证已通过Real-namecheckpassed');

      // The photo's bytes are in no table and no stored file; a run from its middle, raw and base64.
      const needle = Buffer.from(photo.subarray(photo.length / 2, photo.length / 2 + 96));
      const needle64 = Buffer.from(b64(photo).slice(4000, 4128));
      const tables = await app.db.introspection.getTables();
      for (const table of tables) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(
          app.db,
        );
        for (const row of rows.rows)
          for (const v of Object.values(row)) {
            const hay = v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v));
            expect(hay.includes(needle), table.name).toBe(false);
            expect(hay.includes(needle64), table.name).toBe(false);
          }
      }
      for (const path of filesUnder(served.dir)) {
        const bytes = readFileSync(path);
        expect(bytes.includes(needle), path).toBe(false);
        expect(bytes.includes(needle64), path).toBe(false);
      }
    }, 60_000);

    it('refuses a photo sent by someone whose name and ID do not pass, and counts the try', async () => {
      const contract = await calls.start(creator, pdf, [
        { kind: 'person', username: 'student', identity: 'real-name' },
      ]);
      const res = await identity(contract.id, {
        name: NAME,
        idNumber: '110105194912310021',
        face: { mediaType: 'image/png', image: b64(randomPng(128, 128)) },
      });
      expect(res.json().code).toBe('ERR_IDENTITY_NOT_VERIFIED');
      const detail = (
        await calls.call(student, 'GET', `/api/contracts/${contract.id}`)
      ).json() as ContractDetail;
      expect(detail.parties[0]!.identityVerified).toBe(false);
      expect(detail.events.filter((e) => e.kind === 'identity-checked')).toHaveLength(1);
    });
  });
}
