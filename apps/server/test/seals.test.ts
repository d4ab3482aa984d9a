import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SEAL_PDF_BYTES, SEAL_WARNINGS } from '@openseal/contract';
import { sign, verify } from '@openseal/pdf-sign';
import type { Pki } from '@openseal/pki';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { decryptKeyEnvelope } from '../src/plugins/keys.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import {
  as,
  type Session,
  signInDemo,
  storeTestTotp,
  TEST_TOTP_SECRET,
  userIdOf,
} from './identity-fixture.ts';
import { sealRequests } from './seal-requests.ts';
import { type SealUse, sealUseRequest } from './seal-use-request.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

let testPki: TestPki;
let pki: Pki;
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  testPki = await makeTestPki('seals', 'Transcript');
  ({ pki, pdf } = testPki);
});
afterAll(() => testPki?.remove());

const SPEC = { kind: 'round', orgName: '示范大学', sealName: '成绩专用章' } as const;

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`seal registry on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const responses: LightMyRequestResponse[] = [];
    const sessions: Record<string, Session> = {};

    async function login(username: string): Promise<Session> {
      const security = ['sysadmin', 'secadmin', 'auditor'].includes(username);
      return signInDemo(
        app,
        demo,
        username,
        security ? totpCode(TEST_TOTP_SECRET, new Date(clock.ms)) : undefined,
      );
    }

    async function call(user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
      const res = await app.inject({
        method,
        url,
        ...as(sessions[user] as Session),
        ...(payload ? { payload } : {}),
      });
      responses.push(res);
      return res;
    }

    const useBody = (purpose = 'transcript for 张三'): SealUse => ({
      pdf,
      placement: { kind: 'page', page: 1, x: 400, y: 200 },
      documentType: 'transcript',
      purpose,
    });

    /** POST /api/seals/:id/use as `user`: the PDF as the body, the rest in the query string. */
    async function useSeal(user: string, sealId: string | undefined, use: SealUse = useBody()) {
      const res = await app.inject(
        sealUseRequest(String(sealId), use, as(sessions[user] as Session).headers),
      );
      responses.push(res);
      return res;
    }

    async function auditRows(sealId: string) {
      return app.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'outcome', 'object'])
        .where('object', 'like', `seal:${sealId}%`)
        .orderBy('seq')
        .execute();
    }

    // The office's seal admin asks; the head of 教务处 (leader) approves.
    const requests = sealRequests(call, 'sealadmin', 'leader');
    /** Stages a file as the seal admin; the `uploadId` a request names it by. */
    const uploadId = (name: string, bytes: Uint8Array) =>
      uploadFor(app, sessions['sealadmin'] as Session, name, bytes);
    const sealCount = async () => (await app.db.selectFrom('seals').select('id').execute()).length;
    const requestCount = async () =>
      (await app.db.selectFrom('approval_requests').select('id').execute()).length;

    /** Makes a seal of 教务处 through an approved seal.make request. */
    const newSeal = (extra: object = {}): Promise<string> =>
      requests.make({
        name: '成绩专用章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        ...extra,
      });

    const sealStatus = async (id: string) =>
      (await call('sealadmin', 'GET', `/api/seals/${id}`)).json().status as string;

    const userId = (username: string) => userIdOf(app.db, username);

    /** Stamps as `creator` and checks the result verifies as authentic, signed by the seal's certificate. */
    async function stampsAuthentic(sealId: string, documentType = 'transcript'): Promise<void> {
      const res = await useSeal('creator', sealId, { ...useBody(), documentType });
      expect(res.statusCode, res.body).toBe(200);
      const report = await verify(res.rawPayload, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict).toBe('authentic');
      const seal = await app.db
        .selectFrom('seals')
        .select('certificate_serial')
        .where('id', '=', sealId)
        .executeTakeFirstOrThrow();
      expect(report.signatures[0]?.signer?.serialHex).toBe(seal.certificate_serial);
    }

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await storeTestTotp(app.db, app.secrets, ['sysadmin', 'secadmin', 'auditor']);
      for (const u of ['sealadmin', 'leader', 'creator', 'sysadmin', 'secadmin', 'auditor', 'bizauditor'])
        sessions[u] = await login(u);
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('makes a seal through an approved request, with a certificate from the issuing CA, and audits it', async () => {
      const submitted = await requests.submit('seal.make', {
        name: '成绩专用章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        reason: '新设成绩专用章',
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const request = submitted.json();
      expect(request).toMatchObject({ type: 'seal.make', status: 'pending', sealId: null, result: null });
      expect(request.currentApprovers.map((p: { id: string }) => p.id)).toEqual([await userId('leader')]);
      // Nothing exists until the head of the office approves; the requester cannot approve.
      const before = await sealCount();
      expect(
        (await call('sealadmin', 'POST', `/api/requests/${request.id}/act`, { action: 'approve' })).json()
          .code,
      ).toBe('ERR_FLOW_SELF_APPROVAL');
      expect(await sealCount()).toBe(before);
      const done = (
        await call('leader', 'POST', `/api/requests/${request.id}/act`, { action: 'approve' })
      ).json();
      expect(done).toMatchObject({ status: 'completed', result: { sealId: expect.any(String) } });
      const id = done.result.sealId as string;
      expect(done.sealId).toBe(id);

      const seal = (await call('sealadmin', 'GET', `/api/seals/${id}`)).json();
      expect(seal).toMatchObject({ status: 'active', type: 'business', physical: false, spec: SPEC });
      expect(Object.keys(seal)).not.toContain('keyEnvelope');
      const row = await app.db.selectFrom('seals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.key_envelope?.length).toBeGreaterThan(100);
      expect(pki.revocationStatusBySerial('issuing', BigInt(`0x${seal.certificateSerial}`))).toEqual({
        status: 'good',
      });
      // The seal did not exist when it was asked for: the request's entries are filed under the request.
      expect(await auditRows(id)).toEqual([
        { action: 'seal.create', actor: 'sealadmin', outcome: 'success', object: `seal:${id}` },
      ]);
      expect(
        await app.db
          .selectFrom('audit_log')
          .select(['action', 'actor', 'outcome'])
          .where('object', '=', `request:${request.id}`)
          .orderBy('seq')
          .execute(),
      ).toEqual([
        { action: 'request.submit', actor: 'sealadmin', outcome: 'success' },
        { action: 'request.approve', actor: 'leader', outcome: 'success' },
      ]);
      const listed = (
        await call('sealadmin', 'GET', `/api/seals?unitId=${demo.units.academicAffairs}`)
      ).json();
      expect(listed.map((s: { id: string }) => s.id)).toContain(id);
    });

    it('walks the lifecycle through approved requests, each change with its audit rows; revocation reaches the CA; destruction wipes the key', async () => {
      const id = await newSeal();
      await requests.change(id, 'suspend');
      expect(await sealStatus(id)).toBe('suspended');
      // An impossible change is refused when asked for, before anyone approves it.
      const twice = await requests.submit('seal.suspend', { sealId: id });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().code).toBe('ERR_SEAL_STATE');
      await requests.change(id, 'resume');
      expect(await sealStatus(id)).toBe('active');
      await requests.change(id, 'revoke');
      const revoked = (await call('sealadmin', 'GET', `/api/seals/${id}`)).json();
      expect(revoked.status).toBe('revoked');
      expect(pki.revocationStatusBySerial('issuing', BigInt(`0x${revoked.certificateSerial}`)).status).toBe(
        'revoked',
      );
      const resume = await requests.submit('seal.resume', { sealId: id });
      expect(resume.statusCode).toBe(409);
      expect(resume.json().code).toBe('ERR_SEAL_INACTIVE');
      await requests.change(id, 'destroy');
      expect(await sealStatus(id)).toBe('destroyed');
      const row = await app.db.selectFrom('seals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.key_envelope).toBeNull();
      expect(row.certificate).not.toBeNull();
      // Each change: the seal admin asks, the head of the office approves, the change is carried out
      // in the seal admin's name. The refused submissions left nothing.
      const changes = ['suspend', 'resume', 'revoke', 'destroy'].flatMap((c) => [
        'request.submit:sealadmin:success',
        'request.approve:leader:success',
        `seal.${c}:sealadmin:success`,
      ]);
      expect((await auditRows(id)).map((a) => `${a.action}:${a.actor}:${a.outcome}`)).toEqual([
        'seal.create:sealadmin:success',
        ...changes,
      ]);
      const trajectory = (await call('sealadmin', 'GET', `/api/seals/${id}/trajectory`)).json();
      expect(
        trajectory.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}:success`),
        // The request that made the seal (filed before the seal existed) opens its history.
      ).toEqual([
        'request.submit:sealadmin:success',
        'request.approve:leader:success',
        'seal.create:sealadmin:success',
        ...changes,
      ]);
    });

    it('seals a PDF for a granted user: authentic against the root, one ledger row, one audit row, in the trajectory', async () => {
      const id = await newSeal();
      const denied = await useSeal('creator', id);
      expect(denied.json().code).toBe('ERR_SEAL_NOT_GRANTED');
      const creatorId = await userId('creator');
      const grantId = await requests.authorize(id, { userId: creatorId });
      expect((await call('sealadmin', 'GET', `/api/seals/${id}/grants`)).json()).toMatchObject([
        { id: grantId, userId: creatorId },
      ]);

      const res = await useSeal('creator', id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const sealed = res.rawPayload;
      const report = await verify(sealed, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict).toBe('authentic');

      const ledger = await app.db
        .selectFrom('sealed_documents')
        .selectAll()
        .where('seal_id', '=', id)
        .execute();
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({
        actor: 'creator',
        purpose: 'transcript for 张三',
        sha256: res.headers['x-document-sha256'],
      });
      expect((await auditRows(id)).map((a) => `${a.action}:${a.actor}:${a.outcome}`)).toEqual([
        'seal.create:sealadmin:success',
        'seal.use:creator:denied',
        'request.submit:sealadmin:success',
        'request.approve:leader:success',
        'seal.grant:sealadmin:success',
        'seal.use:creator:success',
      ]);

      const trajectory = (await call('sealadmin', 'GET', `/api/seals/${id}/trajectory`)).json();
      expect(trajectory.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual([
        'request.submit:sealadmin',
        'request.approve:leader',
        'seal.create:sealadmin',
        'seal.use:creator',
        'request.submit:sealadmin',
        'request.approve:leader',
        'seal.grant:sealadmin',
        'seal.use:creator',
      ]);
      expect(trajectory.at(-1)).toMatchObject({
        actor: 'creator',
        outcome: 'success',
        documentSha256: ledger[0]?.sha256,
        purpose: 'transcript for 张三',
      });
      // The demo's business auditor sits in another office: the seal is outside its scope.
      const outside = await call('bizauditor', 'GET', `/api/seals/${id}/trajectory`);
      expect(outside.json().code).toBe('ERR_FORBIDDEN_SCOPE');
    });

    it('refuses a suspended seal with ERR_SEAL_SUSPENDED and writes no ledger row', async () => {
      const id = await newSeal();
      const creatorId = await userId('creator');
      await requests.authorize(id, { userId: creatorId });
      await requests.change(id, 'suspend');
      const res = await useSeal('creator', id);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ERR_SEAL_SUSPENDED');
      expect(
        await app.db.selectFrom('sealed_documents').selectAll().where('seal_id', '=', id).execute(),
      ).toEqual([]);
      expect((await auditRows(id)).at(-1)).toMatchObject({ action: 'seal.use', outcome: 'failure' });
      const garbage = { ...useBody(), pdf: Buffer.from('not a pdf at all') };
      await requests.change(id, 'resume');
      expect((await useSeal('creator', id, garbage)).json().code).toBe('ERR_SEAL_DOCUMENT_INVALID');
    });

    it('reads the placement from the query string: each kind seals, a malformed one is a 400 naming what is wrong', async () => {
      const id = await newSeal();
      await requests.authorize(id, { userId: await userId('creator') });
      for (const placement of [
        { kind: 'page', page: 1, x: 100, y: 100 },
        { kind: 'keyword', keyword: 'Transcript', occurrence: 'last' },
        { kind: 'keyword', keyword: 'Transcript' },
        { kind: 'cross-page' },
        { kind: 'cross-page', y: 300 },
      ] as const) {
        const res = await useSeal('creator', id, { ...useBody(), placement });
        expect(res.statusCode, `${JSON.stringify(placement)}: ${res.body}`).toBe(200);
        expect((await verify(res.rawPayload, { trustAnchors: [pki.root.certificate] })).verdict).toBe(
          'authentic',
        );
      }
      const ledgerRows = async () =>
        (await app.db.selectFrom('sealed_documents').select('id').where('seal_id', '=', id).execute()).length;
      expect(await ledgerRows()).toBe(5);
      const creator = as(sessions['creator'] as Session).headers;
      const malformed: [string, string, string?][] = [
        ['placement=page&page=1&x=100', 'ERR_SEAL_PLACEMENT_QUERY', 'placement=page needs y'],
        [
          'placement=page&x=1&y=1&keyword=Transcript',
          'ERR_SEAL_PLACEMENT_QUERY',
          'keyword is not a field of placement=page',
        ],
        ['placement=keyword', 'ERR_SEAL_PLACEMENT_QUERY', 'placement=keyword needs keyword'],
        [
          'placement=keyword&keyword=Transcript&y=5',
          'ERR_SEAL_PLACEMENT_QUERY',
          'y is not a field of placement=keyword',
        ],
        [
          'placement=cross-page&page=2',
          'ERR_SEAL_PLACEMENT_QUERY',
          'page is not a field of placement=cross-page',
        ],
        [
          'placement=cross-page&occurrence=last',
          'ERR_SEAL_PLACEMENT_QUERY',
          'occurrence is not a field of placement=cross-page',
        ],
        ['placement=page&page=1&x=Infinity&y=1', 'ERR_SEAL_PLACEMENT_QUERY', 'x must be a finite number'],
        ['placement=page&page=0&x=1&y=1', 'ERR_VALIDATION'],
        ['placement=page&page=1.5&x=1&y=1', 'ERR_VALIDATION'],
        ['placement=page&page=1&x=left&y=1', 'ERR_VALIDATION'],
        [`placement=keyword&keyword=${'字'.repeat(101)}`, 'ERR_VALIDATION'],
        ['placement=keyword&keyword=Transcript&occurrence=middle', 'ERR_VALIDATION'],
        ['placement=diagonal', 'ERR_VALIDATION'],
        ['page=1&x=1&y=1', 'ERR_VALIDATION'],
        ['placement=cross-page&colour=red', 'ERR_VALIDATION'],
      ];
      for (const [query, code, detail] of malformed) {
        const res = await app.inject({
          method: 'POST',
          url: `/api/seals/${id}/use?documentType=transcript&purpose=x&${query}`,
          headers: { ...creator, 'content-type': 'application/pdf' },
          payload: Buffer.from(pdf),
        });
        responses.push(res);
        expect([res.statusCode, res.json().code], query).toEqual([400, code]);
        if (detail) expect(res.json().details, query).toContain(detail);
      }
      expect(await ledgerRows()).toBe(5);
    });

    it('takes only the PDF itself as the body: another type is ERR_SEAL_MEDIA_TYPE, over 20 MB is a 413, and neither is stamped', async () => {
      const id = await newSeal();
      await requests.authorize(id, { userId: await userId('creator') });
      const creator = as(sessions['creator'] as Session).headers;
      const { url } = sealUseRequest(id, useBody());
      const send = async (headers: Record<string, string>, payload?: string | Buffer) => {
        const res = await app.inject({
          method: 'POST',
          url: url as string,
          headers: { ...creator, ...headers },
          ...(payload === undefined ? {} : { payload }),
        });
        responses.push(res);
        return res;
      };
      // The JSON + base64 form of before, a PDF named as something else, and no body at all.
      const json = JSON.stringify({ ...useBody(), pdf: Buffer.from(pdf).toString('base64') });
      for (const res of [
        await send({ 'content-type': 'application/json' }, json),
        await send({ 'content-type': 'application/octet-stream' }, Buffer.from(pdf)),
        await send({}),
      ]) {
        expect([res.statusCode, res.json().code]).toEqual([415, 'ERR_SEAL_MEDIA_TYPE']);
        expect(res.json().message).toContain('Content-Type: application/pdf');
      }
      const huge = Buffer.concat([Buffer.from(pdf), Buffer.alloc(MAX_SEAL_PDF_BYTES + 1 - pdf.length, 0x20)]);
      const tooLarge = await send({ 'content-type': 'application/pdf' }, huge);
      expect([tooLarge.statusCode, tooLarge.json().code]).toEqual([413, 'ERR_SEAL_DOCUMENT_TOO_LARGE']);
      expect(
        await app.db.selectFrom('sealed_documents').select('id').where('seal_id', '=', id).execute(),
      ).toEqual([]);
      expect((await auditRows(id)).filter((a) => a.action === 'seal.use')).toEqual([]);
      // The same file at its size is sealed, with the answer headers as before.
      const res = await send({ 'content-type': 'application/pdf; charset=binary' }, Buffer.from(pdf));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-document-sha256']).toMatch(/^[0-9a-f]{64}$/);
      expect(res.headers['x-ledger-id']).toEqual(expect.any(String));
    });

    it('refuses a PDF with a script or an attached file with ERR_PDF_ACTIVE_CONTENT and writes no ledger row', async () => {
      const id = await newSeal();
      await requests.authorize(id, { userId: await userId('creator') });
      const withScript = await PDFDocument.load(pdf);
      withScript.addJavaScript('run', 'app.launchURL("https://example.com")');
      const withFile = await PDFDocument.load(pdf);
      await withFile.attach(Buffer.from('MZ'), 'setup.exe', { mimeType: 'application/octet-stream' });
      for (const [file, detail] of [
        [await withScript.save(), 'javascript: document-level script "run" (run)'],
        [await withFile.save(), 'embedded-file: attached file "setup.exe" (setup.exe)'],
      ] as const) {
        const res = await useSeal('creator', id, {
          ...useBody(),
          pdf: file,
        });
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json()).toMatchObject({ code: 'ERR_PDF_ACTIVE_CONTENT', details: [detail] });
      }
      expect(
        await app.db.selectFrom('sealed_documents').selectAll().where('seal_id', '=', id).execute(),
      ).toEqual([]);
      // The same file without them is sealed.
      expect((await useSeal('creator', id)).statusCode).toBe(200);
    });

    it('says x-seal-warning: new-field-after-certification when the stamp adds a field to a certified file', async () => {
      const id = await newSeal();
      await requests.authorize(id, { userId: await userId('creator') });
      const plain = await useSeal('creator', id);
      expect(plain.statusCode, plain.body).toBe(200);
      expect(plain.headers['x-seal-warning']).toBeUndefined();
      const { signer, certificate } = pki.demoSeal;
      const certified = await sign(
        pdf,
        { signer, certificate, chain: [pki.issuing.certificate, pki.root.certificate] },
        { level: 'B-B', certify: 2 },
      );
      const res = await useSeal('creator', id, {
        ...useBody(),
        pdf: certified,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-seal-warning']).toBe('new-field-after-certification');
      expect(Object.keys(SEAL_WARNINGS)).toContain(res.headers['x-seal-warning']);
    });

    it('keeps seal admins to their own units and the security roles away from seals and documents', async () => {
      const requestsBefore = await requestCount();
      const out = await requests.submit('seal.make', {
        name: '公章',
        type: 'official',
        ownerUnitId: demo.units.csCollege,
        spec: { kind: 'round', orgName: '计算机学院' },
      });
      expect(out.json().code).toBe('ERR_FORBIDDEN_SCOPE');
      const emoji = await requests.submit('seal.make', {
        name: '公章',
        type: 'official',
        ownerUnitId: demo.units.academicAffairs,
        spec: { kind: 'round', orgName: '示范大学\u{1F600}' },
      });
      expect(emoji.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        details: ['/spec ERR_SEAL_TEXT_UNSUPPORTED'],
      });
      expect(await requestCount()).toBe(requestsBefore);
      const id = await newSeal();
      for (const u of ['sysadmin', 'secadmin', 'auditor']) {
        const use = await useSeal(u, id);
        expect(use.json().code, u).toBe('ERR_FORBIDDEN');
        const suspend = await call(u, 'POST', '/api/requests/seal', {
          type: 'seal.suspend',
          payload: { sealId: id, reason: 'x' },
        });
        expect(suspend.json().code, u).toBe('ERR_FORBIDDEN');
        const trajectory = await call(u, 'GET', `/api/seals/${id}/trajectory`);
        expect(trajectory.json().code, u).toBe('ERR_FORBIDDEN');
      }
      expect(
        await app.db.selectFrom('sealed_documents').selectAll().where('seal_id', '=', id).execute(),
      ).toEqual([]);
    });

    it('grants by role in a unit and by document type; withdrawing a grant ends it', async () => {
      const id = await newSeal();
      const grantId = await requests.authorize(id, {
        role: 'business_creator',
        unitId: demo.units.academicAffairs,
        documentTypes: ['transcript', 'certificate'],
      });
      expect((await call('sealadmin', 'GET', `/api/seals/${id}/grants`)).json()).toMatchObject([
        { id: grantId, role: 'business_creator', documentTypes: ['certificate', 'transcript'] },
      ]);
      await stampsAuthentic(id, 'certificate');
      const contract = await useSeal('creator', id, {
        ...useBody(),
        documentType: 'contract',
      });
      expect(contract.statusCode).toBe(403);
      expect(contract.json().code).toBe('ERR_SEAL_DOCUMENT_TYPE');

      const usable = (await call('creator', 'GET', '/api/seals/usable')).json();
      expect(usable.find((u: { seal: { id: string } }) => u.seal.id === id)?.documentTypes).toEqual([
        'certificate',
        'transcript',
      ]);
      const grants = (await call('sealadmin', 'GET', `/api/seals/${id}/grants`)).json();
      expect(grants).toHaveLength(1);
      expect((await call('sealadmin', 'DELETE', `/api/seals/${id}/grants/${grants[0].id}`)).statusCode).toBe(
        204,
      );
      expect((await useSeal('creator', id)).json().code).toBe('ERR_SEAL_NOT_GRANTED');
      expect(
        (await call('creator', 'GET', '/api/seals/usable'))
          .json()
          .map((u: { seal: { id: string } }) => u.seal.id),
      ).not.toContain(id);
      expect((await auditRows(id)).map((a) => `${a.action}:${a.actor}`)).toEqual([
        'seal.create:sealadmin',
        'request.submit:sealadmin',
        'request.approve:leader',
        'seal.grant:sealadmin',
        'seal.use:creator',
        'seal.use:creator',
        'seal.withdrawGrant:sealadmin',
        'seal.use:creator',
      ]);
    });

    it('counts a grant quota in the use transaction and refuses the use after the last', async () => {
      const id = await newSeal();
      const grantId = await requests.authorize(id, { userId: await userId('creator'), maxUses: 1 });
      expect((await call('sealadmin', 'GET', `/api/seals/${id}/grants`)).json()).toMatchObject([
        { id: grantId, maxUses: 1, uses: 0 },
      ]);
      await stampsAuthentic(id);
      const again = await useSeal('creator', id);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('ERR_SEAL_QUOTA_EXHAUSTED');
      expect((await call('sealadmin', 'GET', `/api/seals/${id}/grants`)).json()[0]).toMatchObject({
        uses: 1,
      });
      const ledger = await app.db
        .selectFrom('sealed_documents')
        .selectAll()
        .where('seal_id', '=', id)
        .execute();
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({
        user_id: await userId('creator'),
        unit_id: demo.units.academicAffairs,
        grant_id: grantId,
        document_type: 'transcript',
      });
      // The refused attempt is audited and raised as a quota alert for the security admin.
      expect((await auditRows(id)).slice(-2)).toMatchObject([
        { action: 'seal.use', outcome: 'denied' },
        { action: 'risk.alert', outcome: 'success' },
      ]);
      const alerts = await app.db.selectFrom('risk_alerts').selectAll().where('seal_id', '=', id).execute();
      expect(alerts.map((a) => a.rule)).toContain('quota');
    });

    it('shows drawn seals as the SVG of their stamped paths, and stamps with an uploaded PNG image', async () => {
      const drawn = await newSeal();
      const svg = await call('sealadmin', 'GET', `/api/seals/${drawn}/image`);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.headers['content-security-policy']).toContain("default-src 'none'");
      expect(svg.body).toMatch(/^<svg [^>]*width="42mm"/);
      expect(svg.body.match(/<path /g)?.length).toBeGreaterThan(10);

      const png = new PNG({ width: 120, height: 120 });
      png.data.fill(0);
      for (let i = 0; i < png.data.length; i += 4) png.data.set([220, 20, 20, 200], i);
      const bytes = PNG.sync.write(png);
      const id = await newSeal({
        spec: { kind: 'image', widthMm: 40 },
        image: { uploadId: await uploadId('seal.png', bytes) },
      });
      const picture = await call('sealadmin', 'GET', `/api/seals/${id}/image`);
      expect(picture.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(picture.rawPayload, bytes)).toBe(0);
      await requests.authorize(id, { userId: await userId('creator') });
      await stampsAuthentic(id);

      // A picture that cannot be used is refused when asked for: no request, no seal.
      const before = await sealCount();
      const requestsBefore = await requestCount();
      const broken = await requests.submit('seal.make', {
        name: '坏图章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: { kind: 'image', widthMm: 40 },
        image: { uploadId: await uploadId('seal.png', Buffer.from('not a png image')) },
      });
      expect(broken.json().code).toBe('ERR_SEAL_IMAGE_INVALID');
      const missing = await requests.submit('seal.make', {
        name: '无图章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: { kind: 'image', widthMm: 40 },
      });
      expect(missing.json()).toMatchObject({ code: 'ERR_VALIDATION', details: ['/image'] });
      expect(await sealCount()).toBe(before);
      expect(await requestCount()).toBe(requestsBefore);
    });

    it('imports a key and certificate from PKCS#12 (OpenSSL 3 AES and legacy 3DES), refusing a wrong password', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openseal-p12-'));
      try {
        const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const cert = await pki.issue({
          profile: 'seal',
          subject: [
            { type: 'O', value: '示范大学' },
            { type: 'CN', value: '导入的合同章' },
          ],
          publicKey: keys.publicKey,
          now: new Date(clock.ms - 86_400_000),
        });
        writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
        writeFileSync(join(dir, 'cert.pem'), cert.toPem());
        const p12 = (extra: string[]) => {
          const out = join(dir, 'seal.p12');
          execFileSync('openssl', [
            'pkcs12',
            '-export',
            '-inkey',
            join(dir, 'key.pem'),
            '-in',
            join(dir, 'cert.pem'),
            '-passout',
            'pass:p12-secret',
            '-out',
            out,
            ...extra,
          ]);
          return readFileSync(out);
        };
        const before = await sealCount();
        const requestsBefore = await requestCount();
        const wrong = await requests.submit('seal.make', {
          name: '导入的合同章',
          type: 'contract',
          ownerUnitId: demo.units.academicAffairs,
          spec: SPEC,
          key: {
            source: 'pkcs12',
            uploadId: await uploadId('seal.p12', p12([])),
            password: 'not-the-password',
          },
        });
        expect(wrong.json().code, wrong.body).toBe('ERR_PKCS12_INVALID');
        expect(wrong.body).not.toContain('not-the-password');
        expect(await sealCount()).toBe(before);
        expect(await requestCount()).toBe(requestsBefore);

        for (const extra of [
          [],
          ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'],
        ]) {
          const file = p12(extra);
          const data = file.toString('base64');
          const id = await newSeal({
            key: { source: 'pkcs12', uploadId: await uploadId('seal.p12', file), password: 'p12-secret' },
          });
          const seal = (await call('sealadmin', 'GET', `/api/seals/${id}`)).json();
          expect(seal).toMatchObject({ keyStore: 'software', certificateSerial: cert.serialHex });
          expect(seal.certificateSubject).toContain('导入的合同章');
          // The request keeps neither the password nor the PKCS#12 file.
          const stored = await app.db
            .selectFrom('approval_requests')
            .select('payload')
            .where('seal_id', '=', id)
            .executeTakeFirstOrThrow();
          expect(stored.payload).not.toContain('p12-secret');
          expect(stored.payload).not.toContain(data.slice(0, 60));
          await requests.authorize(id, { userId: await userId('creator') });
          await stampsAuthentic(id);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('seeds the demo seals, and a grant lets the office creator use the school contract seal', async () => {
      await seedDemoSeals(app.seals, demo);
      const usable = (await call('creator', 'GET', '/api/seals/usable')).json() as {
        seal: { id: string; name: string; ownerUnitId: string };
        documentTypes: string[];
      }[];
      const contract = usable.find((u) => u.seal.name === '示范大学合同专用章');
      expect(contract?.seal.ownerUnitId).toBe(demo.units.school);
      expect(contract?.documentTypes).toEqual(['contract']);
      expect(usable.find((u) => u.seal.name === '示范大学教务处成绩专用章')?.documentTypes).toEqual([
        'certificate',
        'transcript',
      ]);
      await stampsAuthentic(contract?.seal.id as string, 'contract');
      expect((await useSeal('creator', contract?.seal.id)).json().code).toBe('ERR_SEAL_DOCUMENT_TYPE');
    });

    it('refuses a token key without a configured token, and stamping with a physical seal, storing nothing', async () => {
      const before = await sealCount();
      // The token is looked for when the approved request is carried out: it stays approved, with the error.
      const hsm = await requests.approved('seal.make', {
        name: '成绩专用章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        key: { source: 'generate', store: 'pkcs11' },
      });
      expect(hsm).toMatchObject({
        status: 'approved',
        sealId: null,
        result: { error: 'ERR_HSM_UNAVAILABLE' },
      });
      expect(await sealCount()).toBe(before);

      const physical = await newSeal({ physical: true });
      expect((await call('sealadmin', 'GET', `/api/seals/${physical}`)).json().keyStore).toBeNull();
      await requests.authorize(physical, { userId: await userId('creator') });
      expect((await useSeal('creator', physical)).json().code).toBe('ERR_SEAL_PHYSICAL');
      const usable = (await call('creator', 'GET', '/api/seals/usable')).json();
      expect(usable.map((u: { seal: { id: string } }) => u.seal.id)).not.toContain(physical);
    });

    it('never returns key material, and the stored envelope opens only for its own seal', async () => {
      const id = await newSeal();
      const other = await newSeal();
      const rows = await app.db
        .selectFrom('seals')
        .select(['id', 'key_envelope'])
        .where('id', 'in', [id, other])
        .execute();
      const envelope = rows.find((r) => r.id === id)?.key_envelope as Uint8Array;
      const key = decryptKeyEnvelope(kek, envelope, id);
      expect(() => decryptKeyEnvelope(kek, envelope, other)).toThrow();
      expect(() => decryptKeyEnvelope(randomBytes(32), envelope, id)).toThrow();
      const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
      const scalar = Buffer.from(key.export({ format: 'jwk' }).d as string, 'base64url');
      expect(Buffer.from(envelope).includes(scalar)).toBe(false);
      const needles = [
        'PRIVATE KEY',
        pkcs8.toString('base64'),
        pkcs8.toString('hex'),
        scalar.toString('base64'),
        scalar.toString('hex'),
        Buffer.from(envelope).toString('base64'),
      ];
      await call('sealadmin', 'GET', `/api/seals/${id}`);
      await call('sealadmin', 'GET', `/api/seals?unitId=${demo.units.school}`);
      expect(responses.length).toBeGreaterThan(10);
      for (const res of responses) {
        const text = `${JSON.stringify(res.headers)}${res.rawPayload.toString('latin1')}${res.body}`;
        for (const n of needles) expect(text.includes(n)).toBe(false);
        expect(res.rawPayload.includes(scalar)).toBe(false);
      }
    });
  });
}
