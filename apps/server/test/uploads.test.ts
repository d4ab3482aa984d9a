import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_STAGED_BYTES_PER_USER, MAX_UPLOAD_BYTES, UPLOAD_MEDIA_TYPES } from '@openseal/contract';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { uploadFor } from './uploads-support.ts';

let dir: string;
let pki: Pki;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openseal-uploads-'));
  await initPki({
    dir: join(dir, 'pki'),
    passphrase: 'uploads',
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  pki = await loadPki(join(dir, 'pki'), 'uploads');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  // A marker of its own: two uploads never share their bytes by chance.
  doc.addPage([595, 842]).drawText(`Contract ${randomBytes(4).toString('hex')}`, { x: 72, y: 760, size: 14 });
  return Buffer.from(await doc.save());
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`staged uploads on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let dataDir: string;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const sessions: Record<string, Session> = {};
    let contractSeal: string;

    const post = (user: string, url: string, payload: object) =>
      app.inject({ method: 'POST', url, ...as(sessions[user] as Session), payload });
    const stage = (user: string, name: string, bytes: Uint8Array, mediaType?: string) =>
      uploadFor(app, sessions[user] as Session, name, bytes, mediaType);
    const useRequest = (file: object) =>
      post('creator', '/api/requests/use', {
        type: 'seal.use',
        payload: {
          sealId: contractSeal,
          documentType: 'contract',
          purpose: '合作协议',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
        },
        file,
      });
    const makeRequest = (extra: object, spec: object = { kind: 'image', widthMm: 40 }) =>
      post('sealadmin', '/api/requests/seal', {
        type: 'seal.make',
        payload: {
          name: '教务处图片章',
          type: 'business',
          ownerUnitId: demo.units.academicAffairs,
          spec,
          reason: '新章',
          ...extra,
        },
      });
    const uploadRow = (id: string) =>
      app.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
    const storedFile = (sha256: string) =>
      existsSync(join(dataDir, 'uploads', sha256.slice(0, 2), sha256.slice(2, 4), sha256));

    beforeAll(async () => {
      db = await kind.create();
      dataDir = mkdtempSync(join(dir, 'data-'));
      app = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir,
          database: db.config,
          logLevel: 'silent',
          kek: randomBytes(32),
        },
        { clock: () => new Date(clock.ms), pki, uploadPurgeMs: 25 },
      );
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      const seal = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', '示范大学合同专用章')
        .executeTakeFirstOrThrow();
      contractSeal = seal.id;
      for (const username of ['creator', 'sealadmin', 'leader'])
        sessions[username] = await signInDemo(app, demo, username);
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('stages a file sent as the body: 201 with its id, name, type, size, hash and expiry an hour on', async () => {
      const bytes = await pdf();
      const res = await app.inject({
        method: 'POST',
        url: `/api/uploads?name=${encodeURIComponent('合同 v1.pdf')}`,
        headers: { ...as(sessions['creator'] as Session).headers, 'content-type': 'application/pdf' },
        payload: bytes,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({
        id: expect.any(String),
        name: '合同 v1.pdf',
        mediaType: 'application/pdf',
        bytes: bytes.length,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        expiresAt: new Date(clock.ms + 3_600_000).toISOString(),
      });
      expect(storedFile(res.json().sha256)).toBe(true);
    });

    it('refuses other types (415), files over 20 MB (413), a missing name and callers not signed in', async () => {
      const send = (headers: Record<string, string>, payload: Buffer, url = '/api/uploads?name=a.txt') =>
        app.inject({ method: 'POST', url, headers, payload });
      const session = as(sessions['creator'] as Session).headers;
      const text = await send({ ...session, 'content-type': 'text/plain' }, Buffer.from('hello'));
      expect(text.statusCode).toBe(415);
      expect(text.json().code).toBe('ERR_UPLOAD_MEDIA_TYPE');
      const json = await send({ ...session, 'content-type': 'application/json' }, Buffer.from('{}'));
      expect(json.json().code).toBe('ERR_UPLOAD_MEDIA_TYPE');
      const big = await send(
        { ...session, 'content-type': 'application/pdf' },
        Buffer.alloc(MAX_UPLOAD_BYTES + 1),
        '/api/uploads?name=big.pdf',
      );
      expect(big.statusCode).toBe(413);
      expect(big.json().code).toBe('ERR_PAYLOAD_TOO_LARGE');
      const nameless = await send(
        { ...session, 'content-type': 'application/pdf' },
        await pdf(),
        '/api/uploads',
      );
      expect(nameless.statusCode).toBe(400);
      const anonymous = await send(
        { 'content-type': 'application/pdf' },
        await pdf(),
        '/api/uploads?name=a.pdf',
      );
      expect(anonymous.statusCode).toBe(401);
      // Every type the API takes is admitted, Word, Excel, OpenDocument, images and PKCS#12 included.
      for (const name of ['a.docx', 'a.doc', 'a.xlsx', 'a.xls', 'a.odt', 'a.ods', 'a.png', 'a.svg', 'a.p12'])
        await stage('creator', name, Buffer.from('bytes'));
    });

    it("refuses another user's upload as it refuses an unknown id; the upload stays its owner's", async () => {
      const mine = await stage('sealadmin', 'contract.pdf', await pdf());
      const theirs = await useRequest({ uploadId: mine });
      expect(theirs.statusCode).toBe(400);
      expect(theirs.json().code).toBe('ERR_UPLOAD_NOT_FOUND');
      const unknown = await useRequest({ uploadId: 'no-such-upload' });
      expect(unknown.json()).toMatchObject({ code: theirs.json().code, message: theirs.json().message });
      expect(await uploadRow(mine)).toBeDefined();
    });

    it('deletes an upload once the request naming it succeeded; a refused request leaves it for the retry', async () => {
      const file = await stage('creator', 'contract.pdf', await pdf());
      const sha256 = (await uploadRow(file))?.sha256 as string;
      const done = await useRequest({ uploadId: file });
      expect(done.statusCode, done.body).toBe(201);
      expect(done.json().files[0].name).toBe('contract.pdf');
      expect(await uploadRow(file)).toBeUndefined();
      expect(storedFile(sha256)).toBe(false);
      // The approval keeps its copy of the same bytes in the document store.
      const copy = await app.inject({
        method: 'GET',
        url: `/api/requests/${done.json().id}/files/${done.json().files[0].id}`,
        ...as(sessions['creator'] as Session),
      });
      expect(copy.statusCode).toBe(200);
      expect((await useRequest({ uploadId: file })).json().code).toBe('ERR_UPLOAD_NOT_FOUND');

      const image = await stage('sealadmin', 'seal.png', Buffer.from('not a png image'));
      const refused = await makeRequest({ image: { uploadId: image } });
      expect(refused.json().code).toBe('ERR_SEAL_IMAGE_INVALID');
      expect(await uploadRow(image)).toBeDefined();
    });

    it('refuses an upload of the wrong kind or size for each field that names one', async () => {
      const png = await stage('creator', 'seal.png', Buffer.from('png'));
      expect((await useRequest({ uploadId: png })).json().code).toBe('ERR_UPLOAD_WRONG_TYPE');

      const pdfUpload = await stage('sealadmin', 'a.pdf', await pdf());
      const imageAsPdf = await makeRequest({ image: { uploadId: pdfUpload } });
      expect(imageAsPdf.statusCode).toBe(400);
      expect(imageAsPdf.json().code).toBe('ERR_UPLOAD_WRONG_TYPE');
      const bigImage = await stage('sealadmin', 'big.png', Buffer.alloc(2 * 1024 * 1024 + 1));
      expect((await makeRequest({ image: { uploadId: bigImage } })).json().code).toBe('ERR_UPLOAD_TOO_LARGE');
      const round = { kind: 'round', orgName: '示范大学教务处', sealName: '电子章' };
      const keyAsPdf = await makeRequest(
        { key: { source: 'pkcs12', uploadId: pdfUpload, password: 'x' } },
        round,
      );
      expect(keyAsPdf.json().code).toBe('ERR_UPLOAD_WRONG_TYPE');
      const bigKey = await stage('sealadmin', 'big.p12', Buffer.alloc(64 * 1024 + 1));
      const tooBigKey = await makeRequest(
        { key: { source: 'pkcs12', uploadId: bigKey, password: 'x' } },
        round,
      );
      expect(tooBigKey.json().code).toBe('ERR_UPLOAD_TOO_LARGE');
      const unknownKey = await makeRequest(
        { key: { source: 'pkcs12', uploadId: 'gone', password: 'x' } },
        round,
      );
      expect(unknownKey.json().code).toBe('ERR_UPLOAD_NOT_FOUND');
      // A base64 body is no longer a shape the API takes.
      const base64 = await useRequest({ name: 'a.pdf', data: (await pdf()).toString('base64') });
      expect(base64.json().code).toBe('ERR_VALIDATION');

      // A resubmitted version of a returned request's file is checked the same way.
      const submitted = await useRequest({ uploadId: await stage('creator', 'c.pdf', await pdf()) });
      const id = submitted.json().id;
      await post('leader', `/api/requests/${id}/act`, { action: 'return', comment: '请补充' });
      const wrong = await post('creator', `/api/requests/${id}/resubmit`, {
        payload: {},
        file: { uploadId: await stage('creator', 'seal.png', Buffer.from('png')) },
      });
      expect(wrong.json().code).toBe('ERR_UPLOAD_WRONG_TYPE');
      const kept = await post('creator', `/api/requests/${id}/resubmit`, { payload: { copies: 2 } });
      expect(kept.statusCode, kept.body).toBe(200);
    });

    it('documents the upload route and the bodies that name uploads, with no base64 left', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const upload = doc.paths['/api/uploads'].post;
      expect(Object.keys(upload.requestBody.content).sort()).toEqual([...UPLOAD_MEDIA_TYPES].sort());
      expect(Object.keys(upload.responses)).toContain('201');
      for (const path of ['/api/requests/use', '/api/requests/seal', '/api/requests/{id}/resubmit']) {
        const body = JSON.stringify(doc.paths[path].post.requestBody);
        expect(body, path).toContain('uploadId');
        expect(body, path).not.toMatch(/base64/i);
      }
    });

    it('keeps one person to 100 MB staged at once (429), without touching anyone else', async () => {
      const largest = Buffer.alloc(MAX_UPLOAD_BYTES, 0x25);
      for (let i = 0; i < MAX_STAGED_BYTES_PER_USER / MAX_UPLOAD_BYTES; i++)
        await stage('leader', `scan-${i}.pdf`, largest, 'application/pdf');
      const over = await app.inject({
        method: 'POST',
        url: '/api/uploads?name=one-more.pdf',
        headers: { ...as(sessions['leader'] as Session).headers, 'content-type': 'application/pdf' },
        payload: await pdf(),
      });
      expect(over.statusCode).toBe(429);
      expect(over.json().code).toBe('ERR_UPLOAD_QUOTA');
      await stage('creator', 'contract.pdf', await pdf());
    });

    it('refuses an upload whose hour is up, and the purge job deletes it with its bytes', async () => {
      const file = await stage('creator', 'late.pdf', await pdf());
      const sha256 = (await uploadRow(file))?.sha256 as string;
      clock.ms += 3_600_000;
      expect((await useRequest({ uploadId: file })).json().code).toBe('ERR_UPLOAD_NOT_FOUND');
      await expect.poll(() => uploadRow(file)).toBeUndefined();
      await expect.poll(() => storedFile(sha256)).toBe(false);
      // Every upload of the tests above is past its hour too: none is left.
      await expect
        .poll(async () => (await app.db.selectFrom('uploads').select('id').execute()).length)
        .toBe(0);
    });
  });
}
