// Moving a signature to a phone by QR code, on both databases: the link works once and for two minutes,
// the phone's session reaches that one contract and nothing else of the account, and the student
// signs there with a key the phone holds. A UKey party is not offered it; nobody else can make one.
import { randomBytes } from 'node:crypto';
import type { ContractDetail } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { HANDOFF_TTL_MS } from '../src/modules/contracts/contract-handoff.ts';
import { browserSigner } from './browser-signer.ts';
import { pdfsig, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

let served: TestPki & { close(): Promise<void> };
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('contract-handoff');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Course contract', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => served?.close());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`contract signing moved to a phone on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let creator: Session;
    let student: Session;
    let teacher: Session;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };

    const call = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: as(s).headers, ...(payload ? { payload } : {}) });

    async function start(parties: object[]): Promise<ContractDetail> {
      const uploadId = await uploadFor(app, creator, 'course.pdf', pdf);
      const res = await call(creator, 'POST', '/api/contracts', {
        title: '课程服务合同 Course contract',
        file: { uploadId },
        order: 'sequential',
        parties,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as ContractDetail;
    }

    /** The QR code's token, as the phone reads it from the link's fragment. */
    async function handoffToken(s: Session, contractId: string): Promise<string> {
      const res = await call(s, 'POST', `/api/contracts/${contractId}/handoff`);
      expect(res.statusCode, res.body).toBe(201);
      const { url } = res.json() as { url: string };
      expect(url).toMatch(/\/contracts\/on-phone#[A-Za-z0-9_-]{43}$/);
      return url.slice(url.indexOf('#') + 1);
    }

    /** The phone: opens the link, then reads its CSRF token as the console does. */
    async function redeem(token: string): Promise<Session> {
      const res = await app.inject({
        method: 'POST',
        url: '/api/contract-handoffs/redeem',
        payload: { token },
      });
      expect(res.statusCode, res.body).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';', 1)[0] as string;
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect(me.statusCode, me.body).toBe(200);
      return { cookie, csrf: me.json().csrfToken };
    }

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp({ ...served, pdf }, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
      teacher = await signInDemo(app, demo, 'teacher');
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('the phone signs the one contract with its own key, and reaches nothing else', async () => {
      const contract = await start([{ kind: 'person', username: 'student' }]);
      const other = await start([{ kind: 'person', username: 'student' }]);
      const token = await handoffToken(student, contract.id);
      const phone = await redeem(token);

      const me = await call(phone, 'GET', '/api/auth/me');
      expect(me.json().user).toMatchObject({ username: 'student', grants: [], contractScope: contract.id });
      // The contract and its file, yes; the list, another contract, the portal, no.
      expect((await call(phone, 'GET', `/api/contracts/${contract.id}`)).statusCode).toBe(200);
      expect((await call(phone, 'GET', `/api/contracts/${contract.id}/file`)).statusCode).toBe(200);
      for (const url of [
        '/api/contracts',
        `/api/contracts/${other.id}`,
        `/api/contracts/${other.id}/file`,
        '/api/credentials/mine',
        '/api/messages/preferences',
        '/api/seals?unitId=any',
      ]) {
        const res = await call(phone, 'GET', url);
        expect([403, 404], `${url}: ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 403) expect(res.json().code).toBe('ERR_SESSION_SCOPED');
      }
      const onOther = await call(phone, 'POST', `/api/contracts/${other.id}/decline`, { reason: 'not me' });
      expect(onOther.statusCode).toBe(403);
      // Nor may it choose the account's password or second factor.
      const password = await call(phone, 'POST', '/api/auth/password', {
        currentPassword: 'whatever',
        newPassword: 'a-new-password-1',
      });
      expect(password.json().code).toBe('ERR_SESSION_SCOPED');
      expect((await call(phone, 'POST', '/api/auth/totp')).json().code).toBe('ERR_SESSION_SCOPED');

      // The phone's own key: certified, prepared and completed through the scoped session.
      const signer = await browserSigner();
      const cert = await call(phone, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64(signer.csr),
      });
      expect(cert.statusCode, cert.body).toBe(200);
      const prepared = await call(phone, 'POST', `/api/contracts/${contract.id}/signature/prepare`, {
        certificate: cert.json().certificate,
        appearance: { kind: 'typed' },
        consent: true,
      });
      expect(prepared.statusCode, prepared.body).toBe(200);
      const value = await signer.sign(Buffer.from(prepared.json().toBeSigned, 'base64'));
      const done = await call(phone, 'POST', `/api/contracts/${contract.id}/signature/complete`, {
        signature: b64(value),
      });
      expect(done.statusCode, done.body).toBe(200);
      expect((done.json() as ContractDetail).status).toBe('completed');
      const file = await call(student, 'GET', `/api/contracts/${contract.id}/file`);
      const sig = await pdfsig(new Uint8Array(file.rawPayload), served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(1);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });

      // The audit names both steps; the token is in neither the database nor the log lines.
      const actions = await app.db
        .selectFrom('audit_log')
        .select('action')
        .where('object', '=', `contract:${contract.id}`)
        .execute();
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(['contract.handoff.start', 'auth.handoff']),
      );
      const stored = await app.db.selectFrom('contract_handoffs').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);
    });

    it('a link works once, for two minutes, and only for the party whose turn it is', async () => {
      const contract = await start([
        { kind: 'person', username: 'student' },
        { kind: 'person', username: 'teacher' },
      ]);
      const token = await handoffToken(student, contract.id);
      await redeem(token);
      const again = await app.inject({
        method: 'POST',
        url: '/api/contract-handoffs/redeem',
        payload: { token },
      });
      expect(again.statusCode).toBe(410);
      expect(again.json().code).toBe('ERR_HANDOFF_INVALID');

      const late = await handoffToken(student, contract.id);
      clock.ms += HANDOFF_TTL_MS + 1;
      const expired = await app.inject({
        method: 'POST',
        url: '/api/contract-handoffs/redeem',
        payload: { token: late },
      });
      expect(expired.statusCode).toBe(410);
      expect(expired.headers['set-cookie']).toBeUndefined();

      // The teacher's turn has not come; the initiator is no party; a stranger does not see it.
      const notYet = await call(teacher, 'POST', `/api/contracts/${contract.id}/handoff`);
      expect(notYet.json().code).toBe('ERR_CONTRACT_NOT_YOUR_TURN');
      expect((await call(creator, 'POST', `/api/contracts/${contract.id}/handoff`)).statusCode).toBe(409);
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/contract-handoffs/redeem',
        payload: { token: 'x'.repeat(43) },
      });
      expect(unknown.statusCode).toBe(410);
    });

    it('a UKey party signs at the computer: no QR code is made for it', async () => {
      const contract = await start([{ kind: 'person', username: 'student', custody: 'token' }]);
      const res = await call(student, 'POST', `/api/contracts/${contract.id}/handoff`);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('ERR_CONTRACT_CUSTODY');
    });
  });
}
