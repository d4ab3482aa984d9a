// External signers end to end on both databases: a contract names someone outside the school by name
// and mobile number; the invitation and the one-time code reach them through the demo SMS outbox (read
// here as the system admin reads it); the code opens a session that reaches that contract alone; the
// real-name check, a browser key and the school's seal complete it, and pdfsig finds both signatures
// valid. Wrong codes burn a code, codes are rate-limited, a closed contract's link is dead, and no
// response (but the admin's outbox) nor any log line carries a code or a token.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { ContractDetail, Me } from '@openseal/contract';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import {
  type InvitationsContext,
  sendDueInvitations,
} from '../src/modules/contracts/contract-invitations.ts';
import type { ContractsContext } from '../src/modules/contracts/contracts-context.ts';
import { demoRealNameProvider } from '../src/modules/contracts/real-name/demo-real-name.ts';
import type { RealNameProvider } from '../src/modules/contracts/real-name/real-name-provider.ts';
import { outsideSenders } from '../src/modules/messages/sms/outside-senders.ts';
import { serverTimestamper } from '../src/server-pki.ts';
import { type BrowserSigner, browserSigner } from './browser-signer.ts';
import { signContractAs } from './contract-test-support.ts';
import { pdfsig, pdfText, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo, storeTestTotp, TEST_TOTP_SECRET } from './identity-fixture.ts';
import type { TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const CONTRACT_SEAL = '示范大学合同专用章';
const PUBLIC_URL = 'https://sign.demo.edu.cn';
const PHONE = '13812341234';
/** The demo's two-element check alone (its face step is another test's subject). */
const elementsOnly: RealNameProvider = {
  name: demoRealNameProvider.name,
  capabilities: { face: false },
  check: (query) => demoRealNameProvider.check(query),
};
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const cookieOf = (res: LightMyRequestResponse) =>
  String(res.headers['set-cookie']).split(';', 1)[0] as string;

let served: TestPki & { close(): Promise<void> };
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('external-signers');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Service contract', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => served?.close());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`external signers on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let creator: Session;
    let admin: Session;
    let sealId: string;
    let invitations: InvitationsContext;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const now = () => new Date(clock.ms);
    const logs: string[] = [];
    /** Every answer except the admin's outbox reads: none may hold a code or a token. */
    const answers: string[] = [];
    const secrets: string[] = [];

    const inject = async (opts: InjectOptions): Promise<LightMyRequestResponse> => {
      const res = await app.inject(opts);
      answers.push(`${JSON.stringify(res.headers)}\n${res.body}`);
      return res;
    };
    const call = (s: Session | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      inject({ method, url, ...(s ? as(s) : {}), ...(payload ? { payload } : {}) });

    async function start(parties: object[], extra: object = {}): Promise<ContractDetail> {
      const uploadId = await uploadFor(app, creator, 'service.pdf', pdf);
      const res = await call(creator, 'POST', '/api/contracts', {
        title: '外部服务合同 Outside service contract',
        file: { uploadId },
        order: 'sequential',
        parties,
        ...extra,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as ContractDetail;
    }

    /** The demo outbox as the system admin reads it, newest first (not counted as an answer). */
    async function outbox(): Promise<{ at: string; to: string; text: string }[]> {
      const res = await app.inject({ method: 'GET', url: '/api/messages/sms/outbox', ...as(admin) });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items;
    }

    /** Sends the invitations due and answers the token of the newest link to `phone`. */
    async function invitationToken(phone = PHONE): Promise<string> {
      await sendDueInvitations(invitations);
      const text = (await outbox()).find((m) => m.to === phone && m.text.includes('/sign/'))?.text ?? '';
      const token = new RegExp(`${PUBLIC_URL}/sign/([A-Za-z0-9_-]+)`).exec(text)?.[1];
      expect(token, text).toBeTruthy();
      secrets.push(token as string);
      return token as string;
    }

    async function requestCode(token: string): Promise<string> {
      const res = await call(null, 'POST', '/api/sign/code', { token });
      expect(res.statusCode, res.body).toBe(200);
      const text = (await outbox())[0]?.text ?? '';
      const code = /验证码是 (\d{6})/.exec(text)?.[1];
      expect(code, text).toBeTruthy();
      secrets.push(code as string);
      return code as string;
    }

    async function signInWith(token: string, code: string): Promise<Session> {
      const res = await call(null, 'POST', '/api/sign/session', { token, code });
      expect(res.statusCode, res.body).toBe(200);
      return { cookie: cookieOf(res), csrf: res.json().csrfToken };
    }

    const signAs = (s: Session, id: string, signer: BrowserSigner) => signContractAs(app, s, id, signer);

    const auditRows = (action: string) =>
      app.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

    beforeAll(async () => {
      db = await kind.create();
      const sink = new Writable({
        write(chunk, _enc, done) {
          logs.push(String(chunk));
          done();
        },
      });
      app = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir: served.dir,
          database: db.config,
          logLevel: 'trace',
          kek,
          publicUrl: PUBLIC_URL,
        },
        {
          clock: now,
          pki: served.pki,
          timestamper: serverTimestamper(served.pki),
          realName: elementsOnly,
          logStream: sink,
        },
      );
      demo = await seedDemoSchool(app.db, now());
      await seedDemoSeals(app.seals, demo);
      await storeTestTotp(app.db, app.secrets, ['sysadmin']);
      creator = await signInDemo(app, demo, 'creator');
      admin = await signInDemo(app, demo, 'sysadmin', totpCode(TEST_TOTP_SECRET, now()));
      sealId = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', CONTRACT_SEAL)
          .executeTakeFirstOrThrow()
      ).id;
      invitations = {
        contracts: { db: app.db, clock: now, publicUrl: PUBLIC_URL } as ContractsContext,
        ...outsideSenders(app.db, app.secrets, { clock: now, demo: false }),
      };
      // The system admin picks the demo outbox as the SMS gateway; nobody else may.
      const denied = await call(creator, 'PUT', '/api/messages/sms', { provider: 'demo' });
      expect(denied.statusCode).toBe(403);
      const chosen = await call(admin, 'PUT', '/api/messages/sms', { provider: 'demo' });
      expect(chosen.statusCode, chosen.body).toBe(200);
      expect(chosen.json()).toMatchObject({ configured: true, provider: 'demo', secretSet: false });
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('an outside person is invited by SMS, signs in with the code, passes the real-name check and signs', async () => {
      const contract = await start(
        [
          { kind: 'person', external: { name: '王外部', phone: PHONE } },
          { kind: 'organization', sealId },
        ],
        { deadline: '2026-09-30' },
      );
      const party = contract.parties[0]!;
      expect(party).toMatchObject({
        name: '王外部',
        identity: 'real-name',
        custody: 'browser',
        status: 'ready',
      });
      expect(party.username).toMatch(/^ext:/);

      const token = await invitationToken();
      // The console page the link opens: its address reaches the log with the token redacted.
      await app.inject({ method: 'GET', url: `/sign/${token}`, headers: { accept: 'text/html' } });
      // The job sends each invitation once.
      expect(await sendDueInvitations(invitations)).toBe(0);
      expect(await call(creator, 'GET', '/api/messages/sms/outbox').then((r) => r.statusCode)).toBe(403);

      const view = await call(null, 'POST', '/api/sign/invitation', { token });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json()).toEqual({
        contractTitle: '外部服务合同 Outside service contract',
        signerName: '王外部',
        channel: 'sms',
        contact: '138****1234',
      });
      const unknown = await call(null, 'POST', '/api/sign/invitation', { token: 'x'.repeat(43) });
      expect(unknown.json().code).toBe('ERR_INVITATION_INVALID');

      const code = await requestCode(token);
      // One a minute.
      const again = await call(null, 'POST', '/api/sign/code', { token });
      expect(again.statusCode).toBe(429);
      expect(again.json().code).toBe('ERR_CODE_RATE_LIMITED');
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);

      const wrong = await call(null, 'POST', '/api/sign/session', {
        token,
        code: code === '000000' ? '111111' : '000000',
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('ERR_CODE_INVALID');
      // No password opens the account, the right one included (it has none).
      const byPassword = await call(null, 'POST', '/api/auth/login', {
        username: party.username,
        password: code,
      });
      expect(byPassword.json().code).toBe('ERR_INVALID_CREDENTIALS');

      const outsider = await signInWith(token, code);
      // The code works once.
      const reused = await call(null, 'POST', '/api/sign/session', { token, code });
      expect(reused.json().code).toBe('ERR_CODE_INVALID');

      const me = (await call(outsider, 'GET', '/api/auth/me')).json().user as Me;
      expect(me).toMatchObject({ username: party.username, displayName: '王外部', grants: [] });
      expect(me.contractScope).toBe(contract.id);
      const seen = await call(outsider, 'GET', `/api/contracts/${contract.id}`);
      expect(seen.statusCode, seen.body).toBe(200);
      const detail = seen.json() as ContractDetail;
      expect(detail.parties[0]).toMatchObject({ mine: true, identityVerified: false });
      const verified = detail.events.find((e) => e.kind === 'code-verified');
      expect(verified).toMatchObject({ actor: party.username, partyId: party.id });
      expect(verified?.detail).toContain('138****1234');
      expect(verified?.detail).not.toContain(PHONE);

      // Another contract and every other console route refuse this session.
      const other = await start([{ kind: 'person', username: 'student' }]);
      const elsewhere = await call(outsider, 'GET', `/api/contracts/${other.id}`);
      expect([403, 404]).toContain(elsewhere.statusCode);
      expect(elsewhere.body).not.toContain(other.title);
      for (const url of [
        '/api/contracts',
        '/api/contracts/seal-jobs',
        '/api/requests?view=mine',
        '/api/seals?unitId=x',
        '/api/users',
        '/api/org/units',
        '/api/account/messages',
        '/api/notifications',
        '/api/delegations',
        '/api/audit',
        '/api/messages/sms/outbox',
        '/api/messages/smtp',
      ]) {
        const res = await call(outsider, 'GET', url);
        expect([401, 403, 404], `${url}: ${res.statusCode} ${res.body}`).toContain(res.statusCode);
        expect(res.statusCode === 404 ? res.json().code : 'refused', url).not.toBe('ERR_CONTRACT_NOT_FOUND');
      }
      const upload = await inject({
        method: 'POST',
        url: '/api/uploads?name=x.pdf',
        ...as(outsider),
        headers: { ...as(outsider).headers, 'content-type': 'application/pdf' },
        payload: Buffer.from(pdf),
      });
      expect([401, 403]).toContain(upload.statusCode);

      // Real name first, then the browser key.
      const signer = await browserSigner();
      const early = await call(outsider, 'POST', `/api/contracts/${contract.id}/signer-certificate`, {
        csr: b64(signer.csr),
      });
      expect(early.json().code).toBe('ERR_IDENTITY_REQUIRED');
      const checked = await call(outsider, 'POST', `/api/contracts/${contract.id}/identity`, {
        name: '王外部',
        idNumber: '11010519491231002X',
      });
      expect(checked.statusCode, checked.body).toBe(200);
      const signed = await signAs(outsider, contract.id, signer);
      expect(signed.statusCode, signed.body).toBe(200);
      expect((signed.json() as ContractDetail).parties.map((p) => p.status)).toEqual(['signed', 'ready']);

      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.statusCode, sealed.body).toBe(200);
      expect((sealed.json() as ContractDetail).status).toBe('completed');
      const file = await call(creator, 'GET', `/api/contracts/${contract.id}/file`);
      const sig = await pdfsig(new Uint8Array(file.rawPayload), served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      for (const s of sig.signatures) expect(s, sig.output).toMatchObject({ valid: true, trusted: true });
      // The outsider's certificate says so, and does not name them a member of the school.
      const subject = /Signer full Distinguished Name: (.*)$/m.exec(sig.output)?.[1] ?? '';
      expect(subject, sig.output).toContain('OU=外部签署人 External signer');
      expect(subject).not.toContain('O=示范大学');

      // The contract is done: its link is dead.
      expect((await call(null, 'POST', '/api/sign/invitation', { token })).json().code).toBe(
        'ERR_INVITATION_INVALID',
      );

      const invited = await auditRows('contract.invite');
      expect(invited.at(-1)).toMatchObject({ actor: 'system', outcome: 'success' });
      expect(invited.at(-1)?.object).toContain('sms:138****1234');
      expect((await auditRows('contract.code-sent')).at(-1)).toMatchObject({
        actor: party.username,
        outcome: 'success',
      });
      expect((await auditRows('contract.code-refused')).length).toBeGreaterThanOrEqual(2);
      expect((await auditRows('contract.code-accepted')).at(-1)).toMatchObject({ actor: party.username });

      // The evidence report lists the sign-in by code, with the masked number.
      const evidence = await call(creator, 'GET', `/api/contracts/${contract.id}/evidence`);
      expect(evidence.statusCode, evidence.body.slice(0, 300)).toBe(200);
      const text = pdfText(new Uint8Array(evidence.rawPayload)).join('\n');
      expect(text).toContain('138****1234');
    });

    it('five wrong codes burn the code; codes are limited to one a minute and five an hour', async () => {
      const phone = '13900001111';
      const contract = await start([
        { kind: 'person', external: { name: '李外部', phone }, custody: 'event' },
      ]);
      expect(contract.parties[0]).toMatchObject({ custody: 'event', identity: 'real-name' });
      const token = await invitationToken(phone);
      const code = await requestCode(token);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const tries: string[] = [];
      for (let i = 0; i < 5; i++)
        tries.push((await call(null, 'POST', '/api/sign/session', { token, code: wrongCode })).json().code);
      expect(tries).toEqual([
        'ERR_CODE_INVALID',
        'ERR_CODE_INVALID',
        'ERR_CODE_INVALID',
        'ERR_CODE_INVALID',
        'ERR_CODE_EXHAUSTED',
      ]);
      // Burnt: the right code no longer opens anything.
      const late = await call(null, 'POST', '/api/sign/session', { token, code });
      expect(late.json().code).toBe('ERR_CODE_EXHAUSTED');
      expect(
        await app.db.selectFrom('sessions').select('id').where('contract_id', '=', contract.id).execute(),
      ).toEqual([]);

      // A minute later a new code works; five in the hour, then a wait.
      for (let i = 0; i < 4; i++) {
        clock.ms += 61_000;
        await requestCode(token);
      }
      clock.ms += 61_000;
      const sixth = await call(null, 'POST', '/api/sign/code', { token });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().code).toBe('ERR_CODE_RATE_LIMITED');
      const fresh = (await outbox())[0]?.text ?? '';
      const latest = /验证码是 (\d{6})/.exec(fresh)?.[1] as string;
      const outsider = await signInWith(token, latest);
      expect((await call(outsider, 'GET', `/api/contracts/${contract.id}`)).statusCode).toBe(200);
    });

    it('refuses an external party without a contact, a bad number or email, and stores nothing', async () => {
      const before = await app.db.selectFrom('users').select('id').execute();
      const uploadId = await uploadFor(app, creator, 'service.pdf', pdf);
      for (const external of [
        { name: '无联系方式' },
        { name: '坏号码', phone: '12345678901' },
        { name: '坏邮箱', email: 'not-an-email' },
      ]) {
        const res = await call(creator, 'POST', '/api/contracts', {
          title: 'Refused',
          file: { uploadId },
          order: 'sequential',
          parties: [{ kind: 'person', external }],
        });
        expect(res.statusCode, res.body).toBe(400);
        expect(['ERR_CONTRACT_PARTIES', 'ERR_VALIDATION']).toContain(res.json().code);
      }
      expect(await app.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
    });

    it('sends through an HTTP gateway with its bearer secret, kept sealed at rest', async () => {
      const received: { auth: string | undefined; type: string | undefined; body: unknown }[] = [];
      let status = 200;
      const gateway = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          received.push({
            auth: req.headers.authorization,
            type: req.headers['content-type'],
            body: JSON.parse(body),
          });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status === 200 ? '{"id":"gw-1"}' : '{"error":"quota"}');
        });
      });
      await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
      const secret = `gateway-secret-${randomBytes(8).toString('hex')}`;
      secrets.push(secret);
      try {
        const saved = await call(admin, 'PUT', '/api/messages/sms', { provider: 'http', url, secret });
        expect(saved.statusCode, saved.body).toBe(200);
        expect(saved.json()).toEqual({
          configured: true,
          provider: 'http',
          url,
          secretSet: true,
          updatedAt: expect.any(String),
        });
        const row = await app.db.selectFrom('sms_settings').selectAll().executeTakeFirstOrThrow();
        expect(row.secret_box).toBeTruthy();
        expect(JSON.stringify(row)).not.toContain(secret);

        const phone = '13600003333';
        await start([{ kind: 'person', external: { name: '钱外部', phone } }]);
        expect(await sendDueInvitations(invitations)).toBe(1);
        expect(received).toHaveLength(1);
        expect(received[0]).toMatchObject({ auth: `Bearer ${secret}`, type: 'application/json' });
        expect(received[0]?.body).toEqual({ to: phone, text: expect.stringContaining('/sign/') });

        // A gateway that refuses: the invitation waits, audited as failed, in the gateway's words.
        status = 500;
        await start([{ kind: 'person', external: { name: '孙外部', phone: '13600004444' } }]);
        expect(await sendDueInvitations(invitations)).toBe(0);
        const failed = await app.db
          .selectFrom('contract_invitations')
          .select(['sent_at', 'send_error'])
          .where('send_error', 'is not', null)
          .execute();
        expect(failed).toEqual([{ sent_at: null, send_error: expect.stringContaining('500') }]);
        expect((await auditRows('contract.invite')).at(-1)).toMatchObject({ outcome: 'failure' });
      } finally {
        await new Promise((resolve) => gateway.close(resolve));
        secrets.push(
          ...received.map(
            (r) => /\/sign\/([A-Za-z0-9_-]+)/.exec((r.body as { text: string }).text)?.[1] ?? '',
          ),
        );
        await call(admin, 'PUT', '/api/messages/sms', { provider: 'demo' });
      }
    });

    it("a link dies with its contract's deadline", async () => {
      const phone = '13700002222';
      await start([{ kind: 'person', external: { name: '赵外部', phone } }], { deadline: '2026-10-31' });
      const token = await invitationToken(phone);
      expect((await call(null, 'POST', '/api/sign/invitation', { token })).statusCode).toBe(200);
      clock.ms = Date.parse('2026-11-02T00:00:00.000Z');
      const dead = await call(null, 'POST', '/api/sign/invitation', { token });
      expect(dead.statusCode).toBe(410);
      expect(dead.json().code).toBe('ERR_INVITATION_INVALID');
      expect((await call(null, 'POST', '/api/sign/code', { token })).json().code).toBe(
        'ERR_INVITATION_INVALID',
      );
    });

    it('no answer but the admin outbox, and no log line, carries a code or a token', () => {
      expect(secrets.length).toBeGreaterThan(5);
      const everything = answers.join('\n');
      const logged = logs.join('\n');
      for (const s of secrets) {
        // A six-digit code as a value of its own: the same digits turn up by chance inside a PDF's
        // cross-reference table or a file size.
        const needle = /^\d{6}$/.test(s) ? `"${s}"` : s;
        expect(everything.includes(needle), `answer carries ${s}`).toBe(false);
        expect(logged.includes(needle), `log carries ${s}`).toBe(false);
      }
      expect(logged).toContain('/api/sign/session');
    });
  });
}
