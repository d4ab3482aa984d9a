import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@openseal/pdf-sign';
import { createTimestampAuthority, initPki, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { flagOpenRequestsOf } from '../src/modules/approvals/leaver-requests.ts';
import { tickRequests } from '../src/modules/approvals/requests-service.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { stampRequestRequest } from './seal-use-request.ts';
import { uploadFor } from './uploads-support.ts';

let dir: string;
let pki: Pki;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'openseal-approvals-'));
  await initPki({
    dir: join(dir, 'pki'),
    passphrase: 'approvals',
    keyAlgorithm: 'ecdsa-p256',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  pki = await loadPki(join(dir, 'pki'), 'approvals');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfSaying(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14 });
  return Buffer.from(await doc.save());
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`approval requests on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const sessions: Record<string, Session> = {};
    const ids: Record<string, string> = {};
    const seals: Record<string, string> = {};

    async function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
      return app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
    }
    const act = (user: string, id: string, body: object) =>
      call(user, 'POST', `/api/requests/${id}/act`, body);
    /** Stamps an approved request as `user`: the stored file, or `copy` sent as the PDF body. */
    const stamp = (user: string, id: string, copy?: Uint8Array) =>
      app.inject(stampRequestRequest(id, copy, as(sessions[user] as Session).headers));
    /** Stages a file as `user`; the `{ uploadId }` a JSON body names it by. */
    const upload = async (user: string, name: string, bytes: Uint8Array) => ({
      uploadId: await uploadFor(app, sessions[user] as Session, name, bytes),
    });

    async function requestUse(sealName: string, extra: object = {}, text = 'Contract 2026-017') {
      const res = await call('creator', 'POST', '/api/requests/use', {
        type: 'seal.use',
        payload: {
          sealId: seals[sealName],
          documentType: 'contract',
          purpose: '与某公司签订合作协议',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
          ...extra,
        },
        file: await upload('creator', 'contract.pdf', await pdfSaying(text)),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    }

    beforeAll(async () => {
      db = await kind.create();
      app = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir: mkdtempSync(join(dir, 'data-')),
          database: db.config,
          logLevel: 'silent',
          kek: randomBytes(32),
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
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      for (const s of await app.db.selectFrom('seals').select(['id', 'name']).execute()) seals[s.name] = s.id;
      for (const u of await app.db.selectFrom('users').select(['id', 'username']).execute())
        ids[u.username] = u.id;
      for (const username of [
        'creator',
        'leader',
        'sealoffice',
        'sealadmin',
        'president',
        'bizauditor',
        'fileadmin',
      ]) {
        sessions[username] = await signInDemo(app, demo, username);
      }
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('routes a seal-use request to the head of unit, then the seal admin; the requester stamps the approved file once', async () => {
      const request = await requestUse('示范大学合同专用章');
      expect(request).toMatchObject({ status: 'pending', type: 'seal.use', sealName: '示范大学合同专用章' });
      expect(request.currentApprovers.map((p: { id: string }) => p.id)).toEqual([ids['leader']]);
      expect(
        (await call('leader', 'GET', '/api/requests?view=inbox')).json().map((r: { id: string }) => r.id),
      ).toContain(request.id);
      expect(
        (await call('sealoffice', 'GET', '/api/requests?view=inbox')).json().map((r: { id: string }) => r.id),
      ).not.toContain(request.id);

      // The seal admin is not an approver yet; the requester never is.
      expect((await act('sealoffice', request.id, { action: 'approve' })).json().code).toBe(
        'ERR_FLOW_NOT_APPROVER',
      );
      expect((await act('creator', request.id, { action: 'approve' })).json().code).toBe(
        'ERR_FLOW_SELF_APPROVAL',
      );
      const first = (await act('leader', request.id, { action: 'approve', comment: '同意' })).json();
      expect(first.currentApprovers.map((p: { id: string }) => p.id)).toEqual([ids['sealoffice']]);
      const approved = (await act('sealoffice', request.id, { action: 'approve' })).json();
      expect(approved.status).toBe('approved');
      expect(
        (await call('creator', 'GET', '/api/notifications')).json().map((n: { reason: string }) => n.reason),
      ).toContain('approved');

      const stamped = await stamp('creator', request.id);
      expect(stamped.statusCode, stamped.body).toBe(200);
      expect((await verify(stamped.rawPayload, { trustAnchors: [pki.root.certificate] })).verdict).toBe(
        'authentic',
      );
      const ledger = await app.db
        .selectFrom('sealed_documents')
        .selectAll()
        .where('request_id', '=', request.id)
        .execute();
      expect(ledger).toHaveLength(1);
      expect((await call('creator', 'GET', `/api/requests/${request.id}`)).json()).toMatchObject({
        status: 'completed',
        stamped: 1,
      });
      expect((await stamp('creator', request.id)).json().code).toBe('ERR_REQUEST_COPIES_USED');

      // The sealed copy is kept: listed on the request and downloaded again, byte for byte, by the
      // requester and the unit's file admin; others learn nothing of it.
      const view = (await call('creator', 'GET', `/api/requests/${request.id}`)).json();
      expect(view.sealedFiles).toEqual([
        {
          ledgerId: ledger[0]?.id,
          sha256: ledger[0]?.sha256,
          sm3: createHash('sm3').update(stamped.rawPayload).digest('hex'),
          sealedBy: { id: ids['creator'], name: expect.any(String) },
          createdAt: new Date(clock.ms).toISOString(),
        },
      ]);
      const copyUrl = `/api/requests/${request.id}/sealed/${ledger[0]?.id}`;
      for (const user of ['creator', 'fileadmin']) {
        const again = await call(user, 'GET', copyUrl);
        expect(again.statusCode, `${user}: ${again.body}`).toBe(200);
        expect(again.headers['content-type']).toBe('application/pdf');
        expect(again.headers['content-disposition']).toContain('contract-sealed.pdf');
        expect(Buffer.compare(again.rawPayload, stamped.rawPayload)).toBe(0);
      }
      for (const user of ['bizauditor', 'president'])
        expect((await call(user, 'GET', copyUrl)).json().code, user).toBe('ERR_NOT_FOUND');
      // An approver reads the request but not its sealed copy.
      expect((await call('leader', 'GET', copyUrl)).json().code).toBe('ERR_NOT_FOUND');
      // A copy stamped before sealed files were kept: its ledger row stays, the download says why not.
      await app.db
        .insertInto('sealed_documents')
        .values({ ...(ledger[0] as (typeof ledger)[number]), id: 'older-copy', sha256: 'ab'.repeat(32) })
        .execute();
      const older = await call('creator', 'GET', `/api/requests/${request.id}/sealed/older-copy`);
      expect(older.statusCode).toBe(410);
      expect(older.json().code).toBe('ERR_SEALED_FILE_NOT_KEPT');

      // The seal's trajectory names who asked and who approved.
      const trajectory = (
        await call('sealoffice', 'GET', `/api/seals/${seals['示范大学合同专用章']}/trajectory`)
      ).json();
      expect(trajectory.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`)).toEqual(
        expect.arrayContaining([
          'request.submit:creator',
          'request.approve:leader',
          'request.approve:sealoffice',
          'seal.use:creator',
        ]),
      );
      // Outsiders do not learn the request exists.
      expect((await call('bizauditor', 'GET', `/api/requests/${request.id}`)).statusCode).toBe(404);
    });

    it('refuses a swapped file at stamping and records the attempt; nothing is stamped', async () => {
      const request = await requestUse('示范大学合同专用章');
      await act('leader', request.id, { action: 'approve' });
      await act('sealoffice', request.id, { action: 'approve' });
      const swapped = await stamp('creator', request.id, await pdfSaying('Contract 2026-017 (amended)'));
      expect(swapped.statusCode).toBe(409);
      expect(swapped.json().code).toBe('ERR_REQUEST_FILE_MISMATCH');
      expect(
        await app.db
          .selectFrom('sealed_documents')
          .selectAll()
          .where('request_id', '=', request.id)
          .execute(),
      ).toEqual([]);
      const audit = await app.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'request.stamp')
        .execute();
      expect(audit.at(-1)).toMatchObject({ actor: 'creator', outcome: 'denied' });
      const alerts = await app.db
        .selectFrom('risk_alerts')
        .selectAll()
        .where('request_id', '=', request.id)
        .execute();
      expect(alerts.map((a) => a.rule)).toEqual(['file-mismatch']);
      expect((await call('creator', 'GET', `/api/requests/${request.id}`)).json()).toMatchObject({
        status: 'approved',
        stamped: 0,
      });
    });

    it('stamps the stored approved file for an empty body and an identical copy sent as a PDF; refuses another type', async () => {
      const request = await requestUse('示范大学合同专用章', { copies: 3 });
      await act('leader', request.id, { action: 'approve' });
      await act('sealoffice', request.id, { action: 'approve' });
      const ledger = () =>
        app.db.selectFrom('sealed_documents').selectAll().where('request_id', '=', request.id).execute();

      // The JSON form of before, or any type but a PDF, is refused before anything is read or counted.
      for (const [type, payload] of [
        ['application/json', JSON.stringify({ pdf: 'JVBERi0=' })],
        ['text/plain', 'Contract 2026-017'],
      ]) {
        const wrong = await app.inject({
          method: 'POST',
          url: `/api/requests/${request.id}/stamp`,
          headers: { ...as(sessions['creator'] as Session).headers, 'content-type': type as string },
          payload,
        });
        expect([wrong.statusCode, wrong.json().code], type).toEqual([415, 'ERR_STAMP_MEDIA_TYPE']);
        expect(wrong.json().messageZh).toContain('application/pdf');
      }
      expect(await ledger()).toEqual([]);

      // No body at all, and a body of length 0 whatever its type: the approved file as stored.
      const empty = await stamp('creator', request.id);
      expect(empty.statusCode, empty.body).toBe(200);
      const zero = await app.inject({
        method: 'POST',
        url: `/api/requests/${request.id}/stamp`,
        headers: { ...as(sessions['creator'] as Session).headers, 'content-type': 'application/pdf' },
        payload: '',
      });
      expect(zero.statusCode, zero.body).toBe(200);
      // The caller's copy, byte for byte the approved file.
      const approved = await call(
        'creator',
        'GET',
        `/api/requests/${request.id}/files/${request.files[0].id}`,
      );
      const copy = await stamp('creator', request.id, approved.rawPayload);
      expect(copy.statusCode, copy.body).toBe(200);
      for (const res of [empty, zero, copy]) {
        expect(res.headers['content-type']).toBe('application/pdf');
        expect((await verify(res.rawPayload, { trustAnchors: [pki.root.certificate] })).verdict).toBe(
          'authentic',
        );
      }
      expect((await ledger()).map((row) => row.id).sort()).toEqual(
        [empty, zero, copy].map((res) => res.headers['x-ledger-id']).sort(),
      );
      expect((await call('creator', 'GET', `/api/requests/${request.id}`)).json()).toMatchObject({
        status: 'completed',
        stamped: 3,
      });
    });

    it('returns a request for edit; the resubmitted version starts the flow again as round 2', async () => {
      const request = await requestUse('示范大学合同专用章');
      expect((await act('leader', request.id, { action: 'return' })).json().code).toBe(
        'ERR_FLOW_COMMENT_REQUIRED',
      );
      expect(
        (await act('leader', request.id, { action: 'return', comment: '请补充合同金额' })).json().status,
      ).toBe('returned');
      // A resubmission is checked like a new request, and stays about the same seal.
      const tooMany = await call('creator', 'POST', `/api/requests/${request.id}/resubmit`, {
        payload: { copies: 100000 },
      });
      expect(tooMany.json().code).toBe('ERR_VALIDATION');
      const otherSeal = await call('creator', 'POST', `/api/requests/${request.id}/resubmit`, {
        payload: { sealId: seals['示范大学'] },
      });
      expect(otherSeal.json()).toMatchObject({ code: 'ERR_VALIDATION', details: ['/payload/sealId'] });
      const again = await call('creator', 'POST', `/api/requests/${request.id}/resubmit`, {
        payload: { amount: 50000 },
        file: await upload('creator', 'contract-v2.pdf', await pdfSaying('Contract 2026-017 amount 50,000')),
      });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({ status: 'pending', round: 2, payload: { amount: 50000 } });
      expect(again.json().files.map((f: { round: number }) => f.round)).toEqual([1, 2]);
      const diff = (await call('leader', 'GET', `/api/requests/${request.id}/diff`)).json();
      expect(diff).toMatchObject({ fromRound: 1, toRound: 2 });
      expect(
        diff.parts
          .filter((p: { kind: string }) => p.kind === 'added')
          .map((p: { text: string }) => p.text.trim()),
      ).toEqual(['Contract 2026-017 amount 50,000']);
      expect(
        diff.parts
          .filter((p: { kind: string }) => p.kind === 'removed')
          .map((p: { text: string }) => p.text.trim()),
      ).toEqual(['Contract 2026-017']);
      expect((await act('creator', request.id, { action: 'withdraw' })).json().status).toBe('withdrawn');
      expect((await act('leader', request.id, { action: 'approve' })).json().code).toBe('ERR_FLOW_STATE');
    });

    it('shows on the request that a directory sync found its approver gone', async () => {
      const request = await requestUse('示范大学合同专用章');
      expect((await call('creator', 'GET', `/api/requests/${request.id}`)).json().flag).toBeNull();
      const leaderId = ids['leader'] as string;
      await app.db.transaction().execute((trx) => flagOpenRequestsOf(trx, leaderId));
      const view = await call('creator', 'GET', `/api/requests/${request.id}`);
      expect(view.json()).toMatchObject({ status: 'pending', flag: 'approver_left' });
      expect((await act('creator', request.id, { action: 'withdraw' })).json().status).toBe('withdrawn');
    });

    it('carries out an approved lifecycle request: suspending the office seal, approved by the head of the office', async () => {
      const sealId = seals['示范大学教务处成绩专用章'] as string;
      const res = await call('sealadmin', 'POST', '/api/requests/seal', {
        type: 'seal.suspend',
        payload: { sealId, reason: '印章更换期间暂停使用' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const request = res.json();
      expect(request.currentApprovers.map((p: { id: string }) => p.id)).toEqual([ids['leader']]);
      const done = (await act('leader', request.id, { action: 'approve' })).json();
      expect(done).toMatchObject({ status: 'completed', result: { sealId } });
      const seal = await app.db
        .selectFrom('seals')
        .select('status')
        .where('id', '=', sealId)
        .executeTakeFirstOrThrow();
      expect(seal.status).toBe('suspended');
      // A seal admin of the office cannot ask for the school's seals.
      const outside = await call('sealadmin', 'POST', '/api/requests/seal', {
        type: 'seal.suspend',
        payload: { sealId: seals['示范大学'], reason: 'x' },
      });
      expect(outside.json().code).toBe('ERR_FORBIDDEN_SCOPE');
    });

    it('hands a physical seal out after approval and takes it back, once at a time', async () => {
      const res = await call('creator', 'POST', '/api/requests/use', {
        type: 'seal.physicalUse',
        payload: {
          sealId: seals['示范大学（实物公章）'],
          documentType: 'official-letter',
          purpose: '纸质公函盖章',
          copies: 3,
          returnBy: new Date(clock.ms + 4 * 3_600_000).toISOString(),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const request = res.json();
      expect((await call('sealoffice', 'POST', `/api/requests/${request.id}/checkout`)).json().code).toBe(
        'ERR_FLOW_STATE',
      );
      await act('leader', request.id, { action: 'approve' });
      await act('sealoffice', request.id, { action: 'approve' });
      expect((await call('sealadmin', 'POST', `/api/requests/${request.id}/checkout`)).json().code).toBe(
        'ERR_FORBIDDEN_SCOPE',
      );
      const out = (await call('sealoffice', 'POST', `/api/requests/${request.id}/checkout`)).json();
      expect(out.custody).toMatchObject({
        takenBy: { id: ids['creator'] },
        handedOutBy: { id: ids['sealoffice'] },
        returnedAt: null,
      });
      expect((await call('sealoffice', 'POST', `/api/requests/${request.id}/checkout`)).json().code).toBe(
        'ERR_FLOW_STATE',
      );
      const back = (await call('sealoffice', 'POST', `/api/requests/${request.id}/return`)).json();
      expect(back.status).toBe('completed');
      expect(back.custody.receivedBy.id).toBe(ids['sealoffice']);
      const trajectory = (
        await call('sealoffice', 'GET', `/api/seals/${seals['示范大学（实物公章）']}/trajectory`)
      ).json();
      expect(trajectory.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['seal.checkout', 'seal.return']),
      );
    });

    it('imports a PKCS#12 key through a make request: the password is checked at once and never kept', async () => {
      const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const cert = await pki.issue({
        profile: 'seal',
        subject: [{ type: 'CN', value: '教务处电子章' }],
        publicKey: keys.publicKey,
        now: new Date(clock.ms - 86_400_000),
      });
      const work = mkdtempSync(join(dir, 'p12-'));
      writeFileSync(join(work, 'k.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(work, 'c.pem'), cert.toPem());
      execFileSync('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        join(work, 'k.pem'),
        '-in',
        join(work, 'c.pem'),
        '-passout',
        'pass:Import-Pass-1',
        '-out',
        join(work, 's.p12'),
      ]);
      const p12 = readFileSync(join(work, 's.p12'));
      const data = p12.toString('base64');
      const make = async (password: string) =>
        call('sealadmin', 'POST', '/api/requests/seal', {
          type: 'seal.make',
          payload: {
            name: '教务处电子章',
            type: 'business',
            ownerUnitId: demo.units.academicAffairs,
            spec: { kind: 'round', orgName: '示范大学教务处', sealName: '电子章' },
            key: { source: 'pkcs12', ...(await upload('sealadmin', 's.p12', p12)), password },
            reason: '启用外部 CA 签发的证书',
          },
        });
      expect((await make('wrong')).json().code).toBe('ERR_PKCS12_INVALID');
      const submitted = await make('Import-Pass-1');
      expect(submitted.statusCode, submitted.body).toBe(201);
      const stored = await app.db
        .selectFrom('approval_requests')
        .select('payload')
        .where('id', '=', submitted.json().id)
        .executeTakeFirstOrThrow();
      expect(stored.payload).not.toContain('Import-Pass-1');
      expect(stored.payload).not.toContain(data.slice(0, 40));
      expect(submitted.json().payload.key).toEqual({ source: 'imported' });
      const done = (await act('leader', submitted.json().id, { action: 'approve' })).json();
      expect(done.status, JSON.stringify(done.result)).toBe('completed');
      const seal = await app.db
        .selectFrom('seals')
        .selectAll()
        .where('id', '=', done.result.sealId)
        .executeTakeFirstOrThrow();
      expect(seal.certificate_serial).toBe(cert.serialHex);
    });

    it.skipIf(kind.name !== 'sqlite')(
      'accepts a Word file and stores it converted to PDF',
      async () => {
        const work = mkdtempSync(join(dir, 'docx-'));
        writeFileSync(join(work, 'letter.html'), '<p>关于联合培养的协议 Joint training agreement</p>');
        execFileSync('soffice', [
          `-env:UserInstallation=file://${join(work, 'profile')}`,
          '--headless',
          '--convert-to',
          'docx:MS Word 2007 XML',
          '--outdir',
          work,
          join(work, 'letter.html'),
        ]);
        const res = await call('creator', 'POST', '/api/requests/use', {
          type: 'seal.use',
          payload: {
            sealId: seals['示范大学合同专用章'],
            documentType: 'contract',
            purpose: '联合培养协议',
            copies: 1,
            placement: { kind: 'keyword', keyword: '协议' },
          },
          file: await upload('creator', '联合培养协议.docx', readFileSync(join(work, 'letter.docx'))),
        });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().files[0].name).toBe('联合培养协议.pdf');
        const pdf = await call(
          'leader',
          'GET',
          `/api/requests/${res.json().id}/files/${res.json().files[0].id}`,
        );
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      },
      60_000,
    );

    it('changes a seal by request: a new name and picture, and a move to another unit', async () => {
      const sealId = seals['示范大学财务专用章'] as string;
      const res = await call('sealoffice', 'POST', '/api/requests/seal', {
        type: 'seal.change',
        payload: {
          sealId,
          reason: '财务处成立，印章划归财务处管理',
          name: '示范大学财务处财务专用章',
          spec: { kind: 'oval', orgName: '示范大学', sealName: '财务专用章', code: '1101080000009' },
          ownerUnitId: demo.units.generalOffice,
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().currentApprovers.map((p: { id: string }) => p.id)).toEqual([ids['president']]);
      const done = (await act('president', res.json().id, { action: 'approve' })).json();
      expect(done.status).toBe('completed');
      const seal = await app.db
        .selectFrom('seals')
        .selectAll()
        .where('id', '=', sealId)
        .executeTakeFirstOrThrow();
      expect(seal).toMatchObject({
        name: '示范大学财务处财务专用章',
        owner_unit_id: demo.units.generalOffice,
      });
      expect(JSON.parse(seal.seal_spec).code).toBe('1101080000009');
    });

    it('reminds the approver at three quarters of the deadline and marks the step overdue at the deadline', async () => {
      const request = await requestUse('示范大学合同专用章');
      const notices = async () =>
        (
          await app.db
            .selectFrom('notifications')
            .select('reason')
            .where('request_id', '=', request.id)
            .where('user_id', '=', ids['leader'] as string)
            .execute()
        ).map((n) => n.reason);
      const start = clock.ms;
      try {
        clock.ms = start + 18 * 3_600_000 - 1;
        await tickRequests(app.approvals);
        expect(await notices()).toEqual(['pending']);
        clock.ms = start + 18 * 3_600_000;
        await tickRequests(app.approvals);
        expect(await notices()).toEqual(['pending', 'reminder']);
        clock.ms = start + 24 * 3_600_000;
        await tickRequests(app.approvals);
        expect(await notices()).toEqual(['pending', 'reminder', 'overdue']);
        await tickRequests(app.approvals);
        expect(await notices()).toHaveLength(3);
      } finally {
        clock.ms = start;
      }
    });

    it('lets a delegate decide while the head is away, but never on their own request', async () => {
      const window = {
        startsAt: new Date(clock.ms - 60_000).toISOString(),
        endsAt: new Date(clock.ms + 86_400_000).toISOString(),
      };
      expect(
        (await call('leader', 'POST', '/api/delegations', { toUserId: ids['president'], ...window }))
          .statusCode,
      ).toBe(201);
      const request = await requestUse('示范大学合同专用章');
      expect(
        (await call('president', 'GET', '/api/requests?view=inbox')).json().map((r: { id: string }) => r.id),
      ).toContain(request.id);
      const byDelegate = (
        await act('president', request.id, { action: 'approve', onBehalfOf: ids['leader'] })
      ).json();
      expect(byDelegate.steps[0].approvals[0]).toMatchObject({
        user: { id: ids['president'] },
        onBehalfOf: { id: ids['leader'] },
      });
      expect(
        (await act('president', request.id, { action: 'approve', onBehalfOf: ids['sealoffice'] })).json()
          .code,
      ).toBe('ERR_FLOW_NOT_DELEGATE');
      expect(
        (await call('leader', 'POST', '/api/delegations', { toUserId: ids['sysadmin'], ...window })).json()
          .code,
      ).toBe('ERR_FORBIDDEN');
    });

    it('follows a flow the seal office configured: a condition on the amount adds the school leader', async () => {
      const flow = {
        name: '合同用印',
        definition: {
          stages: [
            {
              name: '部门',
              steps: [
                {
                  id: 'head',
                  name: '部门负责人',
                  approvers: [{ kind: 'role', role: 'unit_leader', at: 'requester-unit' }],
                  mode: 'any',
                },
              ],
            },
            {
              name: '学校',
              steps: [
                {
                  id: 'seal-admin',
                  name: '印章管理员',
                  approvers: [{ kind: 'role', role: 'seal_admin', at: 'seal-unit' }],
                  mode: 'any',
                },
                {
                  id: 'president',
                  name: '校领导',
                  approvers: [{ kind: 'user', userId: ids['president'] }],
                  mode: 'any',
                  when: [{ field: 'amount', op: 'gt', value: 100000 }],
                },
              ],
            },
          ],
        },
      };
      expect((await call('sealadmin', 'PUT', '/api/flows/seal.use', flow)).json().code).toBe(
        'ERR_FORBIDDEN_SCOPE',
      );
      const bad = await call('sealoffice', 'PUT', '/api/flows/seal.use', {
        ...flow,
        definition: {
          stages: [
            {
              ...flow.definition.stages[0],
              steps: [
                {
                  ...flow.definition.stages[0]?.steps[0],
                  approvers: [{ kind: 'role', role: 'unit_leader', at: 'unit' }],
                },
              ],
            },
          ],
        },
      });
      expect(bad.json().code).toBe('ERR_FLOW_INVALID');
      const saved = await call('sealoffice', 'PUT', '/api/flows/seal.use', flow);
      expect(saved.statusCode, saved.body).toBe(200);

      const small = await requestUse('示范大学合同专用章', { amount: 20000 });
      const big = await requestUse('示范大学合同专用章', { amount: 250000 });
      for (const r of [small, big])
        await act('leader', r.id, { action: 'approve', ...(r === small ? {} : {}) });
      const smallAfter = (await call('creator', 'GET', `/api/requests/${small.id}`)).json();
      const bigAfter = (await call('creator', 'GET', `/api/requests/${big.id}`)).json();
      expect(smallAfter.currentApprovers.map((p: { id: string }) => p.id)).toEqual([ids['sealoffice']]);
      expect(bigAfter.currentApprovers.map((p: { id: string }) => p.id).sort()).toEqual(
        [ids['president'], ids['sealoffice']].sort(),
      );
      await act('sealoffice', big.id, { action: 'approve' });
      expect((await call('creator', 'GET', `/api/requests/${big.id}`)).json().status).toBe('pending');
      expect((await act('president', big.id, { action: 'approve' })).json().status).toBe('approved');
    });
  });
}
