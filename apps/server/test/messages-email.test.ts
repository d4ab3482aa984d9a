// Email end to end against a real SMTP server: Exim on loopback (AUTH, STARTTLS with its own CA)
// delivering to a maildir this test reads. The system admin configures it and sends a test message;
// a submitted request mails its approver in zh with the console link; a person who turned email off
// for a kind gets none; an issued credential mails its subject (who chose en); a risk alert mails the
// security admin. The worker runs on the server's own timer, as in production.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MyMessageSettings, SmtpSettings } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { seedDemoCredentials } from '../src/demo/seed-demo-credentials.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { recordRiskFindings } from '../src/modules/risk/risk-alerts.ts';
import { serverTimestamper } from '../src/server-pki.ts';
import { inProcessRenderer } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import {
  type DeliveredMail,
  type Exim,
  eximMissing,
  MAIL_DOMAIN,
  SMTP_PASSWORD,
  SMTP_USER,
  startExim,
} from './exim-server.ts';
import { freePort } from './free-port.ts';
import { as, type Session, signInDemo, storeTestTotp, TEST_TOTP_SECRET } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const PUBLIC_URL = 'https://seal.demo.edu.cn';
const TRANSCRIPT = 'major-transcript-zh';
const missing = eximMissing();

let testPki: TestPki;
let exim: Exim;
beforeAll(async () => {
  if (missing) return;
  testPki = await makeTestPki('messages', 'Transcript of Zhang San');
  exim = await startExim();
});
afterAll(async () => {
  await exim?.stop();
  testPki?.remove();
});

const mailbox = (username: string) => `${username}@${MAIL_DOMAIN}`;

for (const kind of TEST_DATABASES) {
  describe.skipIf(missing ?? kind.skip)(`email messages through Exim on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let sys: Session;
    let creator: Session;
    let leader: Session;
    /** The maildir files already looked at (Exim's maildir is shared with the other database's run). */
    let seen = new Set<string>();
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const logLines: string[] = [];
    const renderer = inProcessRenderer(() => app.seals);

    beforeAll(async () => {
      db = await kind.create();
      const { pki } = testPki;
      app = await buildApp(
        {
          port: 0,
          host: '127.0.0.1',
          dataDir: testPki.dir,
          database: db.config,
          logLevel: 'trace',
          kek: randomBytes(32),
          publicUrl: PUBLIC_URL,
        },
        {
          clock: () => new Date(clock.ms),
          pki,
          timestamper: serverTimestamper(pki),
          renderer,
          logStream: new Writable({
            write(chunk, _enc, done) {
              logLines.push(String(chunk));
              done();
            },
          }),
          // The worker on the server's own timer; a failed send is tried again 30 s later (test clock).
          messages: { pollMs: 100, retry: { maxAttempts: 4, delayMs: () => 30_000 } },
        },
      );
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      await seedDemoCredentials(app.credentials, demo);
      for (const { id, username } of await app.db.selectFrom('users').select(['id', 'username']).execute())
        await app.db
          .updateTable('users')
          .set({ email: mailbox(username) })
          .where('id', '=', id)
          .execute();
      await storeTestTotp(app.db, app.secrets, ['sysadmin']);
      sys = await signInDemo(app, demo, 'sysadmin', totpCode(TEST_TOTP_SECRET, new Date(clock.ms)));
      creator = await signInDemo(app, demo, 'creator');
      leader = await signInDemo(app, demo, 'leader');
      seen = new Set((await exim.delivered()).map((m) => m.file));
    });
    afterAll(async () => {
      await app?.close();
      await renderer.close();
      await db?.dispose();
    });

    const call = (s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      app.inject({ method, url, ...as(s), ...(payload ? { payload } : {}) });
    /** Waits for `count` new messages in the maildir (Exim and the other database's run share it). */
    async function newMail(count: number, to: string[]): Promise<DeliveredMail[]> {
      for (let i = 0; i < 600; i++) {
        const mine = (await exim.delivered()).filter((m) => !seen.has(m.file) && to.includes(m.to));
        if (mine.length >= count) return mine;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no ${count} new messages to ${to.join(', ')}`);
    }
    /** Waits until the worker has read the source row `key` (turned into messages or into none). */
    async function sourceRead(key: string) {
      for (let i = 0; i < 600; i++) {
        const row = await app.db
          .selectFrom('message_sources_seen')
          .select('source_key')
          .where('source_key', '=', key)
          .executeTakeFirst();
        if (row) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${key} was never read`);
    }
    async function settle() {
      for (let i = 0; i < 600; i++) {
        const pending = await app.db
          .selectFrom('message_queue')
          .select('id')
          .where('status', '=', 'pending')
          .execute();
        if (pending.length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      seen = new Set((await exim.delivered()).map((m) => m.file));
    }

    it('lets the system admin configure the SMTP server, password write-only, and send a test message', async () => {
      const saved = await call(sys, 'PUT', '/api/messages/smtp', {
        enabled: true,
        host: '127.0.0.1',
        port: exim.port,
        security: 'starttls',
        username: SMTP_USER,
        password: SMTP_PASSWORD,
        fromAddress: `seal@${MAIL_DOMAIN}`,
        fromName: '示范大学电子印章平台',
        caCertificate: exim.caCertificate,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({
        configured: true,
        enabled: true,
        passwordSet: true,
        security: 'starttls',
      });
      expect(saved.body).not.toContain(SMTP_PASSWORD);
      const read = await call(sys, 'GET', '/api/messages/smtp');
      expect((read.json() as SmtpSettings).passwordSet).toBe(true);
      expect(read.body).not.toContain(SMTP_PASSWORD);
      const row = await app.db.selectFrom('smtp_settings').selectAll().executeTakeFirstOrThrow();
      expect(row.password_box).not.toContain(SMTP_PASSWORD);

      const test = await call(sys, 'POST', '/api/messages/smtp/test', { to: mailbox('sysadmin') });
      expect(test.statusCode, test.body).toBe(200);
      expect(test.json().response).toMatch(/^250 /);
      const [mail] = await newMail(1, [mailbox('sysadmin')]);
      expect(mail?.parsed.subject).toBe('OpenSeal 测试邮件 / Test message');
      expect(mail?.parsed.from?.value[0]).toMatchObject({
        address: `seal@${MAIL_DOMAIN}`,
        name: '示范大学电子印章平台',
      });
      // It went over TLS (STARTTLS), as configured: Exim's Received header says so.
      expect(String(mail?.parsed.headers.get('received'))).toMatch(/TLS|tls/);
      await settle();

      // A wrong password is the server's refusal, named; nothing else leaks.
      await call(sys, 'PUT', '/api/messages/smtp', {
        ...(read.json() as SmtpSettings),
        password: 'wrong',
        configured: undefined,
        passwordSet: undefined,
        updatedAt: undefined,
      });
      const refused = await call(sys, 'POST', '/api/messages/smtp/test', { to: mailbox('sysadmin') });
      expect(refused.statusCode).toBe(502);
      expect(refused.json()).toMatchObject({ code: 'ERR_SMTP_SEND_FAILED' });
      expect(JSON.stringify(refused.json())).toMatch(/535/);
      const restored = await call(sys, 'PUT', '/api/messages/smtp', {
        enabled: true,
        host: '127.0.0.1',
        port: exim.port,
        security: 'starttls',
        username: SMTP_USER,
        password: SMTP_PASSWORD,
        fromAddress: `seal@${MAIL_DOMAIN}`,
        fromName: '示范大学电子印章平台',
        caCertificate: exim.caCertificate,
      });
      expect(restored.statusCode).toBe(200);
      // Only the system admin's settings page reads or changes it.
      expect((await call(creator, 'GET', '/api/messages/smtp')).statusCode).toBe(403);
      expect(
        (await call(creator, 'POST', '/api/messages/smtp/test', { to: mailbox('creator') })).statusCode,
      ).toBe(403);
    });

    let requestId = '';
    it('mails the approver of a submitted request in zh, with the link to the request', async () => {
      const contractSeal = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', '示范大学合同专用章')
          .executeTakeFirstOrThrow()
      ).id;
      const submitted = await call(creator, 'POST', '/api/requests/use', {
        type: 'seal.use',
        payload: {
          sealId: contractSeal,
          documentType: 'contract',
          purpose: '与某公司签订合作协议',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
        },
        file: { uploadId: await uploadFor(app, creator, 'contract.pdf', testPki.pdf) },
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      requestId = (submitted.json() as { id: string }).id;
      const title = (
        await app.db
          .selectFrom('approval_requests')
          .select('title')
          .where('id', '=', requestId)
          .executeTakeFirstOrThrow()
      ).title;
      const approvers = await app.db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select('users.username')
        .where('request_id', '=', requestId)
        .where('reason', '=', 'pending')
        .execute();
      expect(approvers.map((a) => a.username)).toContain('leader');
      const mails = await newMail(
        approvers.length,
        approvers.map((a) => mailbox(a.username)),
      );
      const mail = mails.find((m) => m.to === mailbox('leader'));
      const link = `${PUBLIC_URL}/requests/${requestId}`;
      expect(mail?.parsed.subject).toBe(`有一项申请等待您审批：${title}`);
      expect(mail?.parsed.text).toContain('业务经办人 提交的申请');
      expect(mail?.parsed.text).toContain(link);
      expect(mail?.parsed.html).toContain(`href="${link}"`);
      expect(mail?.parsed.html).toContain('lang="zh-CN"');
      // What happened and where to act, never the document or its purpose.
      expect(`${mail?.parsed.text}${mail?.parsed.html}`).not.toContain('合作协议');
      expect(mail?.parsed.attachments).toHaveLength(0);
      await settle();
    });

    it('sends nothing by email of a kind the person turned off, and keeps their choice to themselves', async () => {
      const mine = await call(creator, 'PUT', '/api/account/messages', {
        preferences: [{ kind: 'request.decided', channel: 'email', enabled: false }],
      });
      expect(mine.statusCode, mine.body).toBe(200);
      const settings = mine.json() as MyMessageSettings;
      expect(settings.channels).toEqual(['email']);
      expect(settings.email).toBe(mailbox('creator'));
      expect(settings.preferences).toContainEqual({
        kind: 'request.decided',
        channel: 'email',
        enabled: false,
      });
      expect(settings.preferences).toContainEqual({
        kind: 'approval.waiting',
        channel: 'email',
        enabled: true,
      });
      // Another person's settings are untouched.
      const theirs = (await call(leader, 'GET', '/api/account/messages')).json() as MyMessageSettings;
      expect(theirs.preferences.every((p) => p.enabled)).toBe(true);

      const rejected = await call(leader, 'POST', `/api/requests/${requestId}/act`, {
        action: 'reject',
        comment: '材料不全',
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
      const notice = await app.db
        .selectFrom('notifications')
        .select('id')
        .where('request_id', '=', requestId)
        .where('reason', '=', 'rejected')
        .executeTakeFirstOrThrow();
      await sourceRead(`notification:${notice.id}`);
      await settle();
      const queued = await app.db
        .selectFrom('message_queue')
        .select('id')
        .where('source_key', '=', `notification:${notice.id}`)
        .execute();
      expect(queued).toEqual([]);
      expect((await exim.delivered()).filter((m) => m.to === mailbox('creator'))).toEqual([]);
    });

    it('mails the subject of an issued credential, in the language they chose', async () => {
      const student = await signInDemo(app, demo, 'student');
      expect((await call(student, 'PUT', '/api/account/messages', { locale: 'en' })).json()).toMatchObject({
        locale: 'en',
      });
      const issued = await call(student, 'POST', '/api/portal/credentials', { typeCode: TRANSCRIPT });
      expect(issued.statusCode, issued.body).toBe(200);
      const [mail] = await newMail(1, [mailbox('student')]);
      expect(mail?.parsed.subject).toMatch(/^Your .+ is ready$/);
      expect(mail?.parsed.text).toContain(`${PUBLIC_URL}/portal`);
      expect(mail?.parsed.html).toContain('lang="en"');
      await settle();
    });

    it('mails a risk alert to the security admin', async () => {
      const sealId = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', '示范大学合同专用章')
          .executeTakeFirstOrThrow()
      ).id;
      await recordRiskFindings(
        app.db,
        [{ rule: 'off-hours', action: 'alert', severity: 'high', details: {} }],
        { actor: { actor: 'creator' }, sealId },
        () => new Date(clock.ms),
      );
      const mails = await newMail(1, [mailbox('secadmin')]);
      expect(mails[0]?.parsed.subject).toBe('风险预警（高）：非工作时间用印');
      expect(mails[0]?.parsed.text).toContain(`${PUBLIC_URL}/alerts`);
      await settle();
      const sent = await app.db
        .selectFrom('message_queue')
        .innerJoin('users', 'users.id', 'message_queue.user_id')
        .select(['users.username', 'message_queue.status'])
        .where('kind', '=', 'risk.alert')
        .execute();
      expect(sent.map((s) => s.username)).toContain('secadmin');
      expect(sent.every((s) => s.status === 'sent')).toBe(true);
      // Only those who may open the alert list: not the seal admins, nor anyone else.
      expect(sent.map((s) => s.username)).not.toContain('creator');
      expect(sent.map((s) => s.username)).not.toContain('sealadmin');
    });

    it('audits the settings and the test, and never logs the password', async () => {
      const audit = await app.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'object', 'outcome'])
        .where('action', 'like', 'messages.smtp.%')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => [a.action, a.outcome])).toEqual([
        ['messages.smtp.update', 'success'],
        ['messages.smtp.test', 'success'],
        ['messages.smtp.update', 'success'],
        ['messages.smtp.test', 'failure'],
        ['messages.smtp.update', 'success'],
      ]);
      expect(audit.every((a) => a.actor === 'sysadmin')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(SMTP_PASSWORD);
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('')).not.toContain(SMTP_PASSWORD);
    });

    it('retries a message the SMTP server could not take, and delivers it once the server is back', async () => {
      const closedPort = await freePort();
      const settings = (port: number) => ({
        enabled: true,
        host: '127.0.0.1',
        port,
        security: 'starttls',
        username: SMTP_USER,
        fromAddress: `seal@${MAIL_DOMAIN}`,
        fromName: '示范大学电子印章平台',
        caCertificate: exim.caCertificate,
      });
      expect((await call(sys, 'PUT', '/api/messages/smtp', settings(closedPort))).statusCode).toBe(200);
      const sealId = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', '示范大学合同专用章')
          .executeTakeFirstOrThrow()
      ).id;
      const [alert] = await recordRiskFindings(
        app.db,
        [{ rule: 'burst', action: 'alert', severity: 'medium', details: {} }],
        { actor: { actor: 'creator' }, sealId },
        () => new Date(clock.ms),
      );
      const secadmin = (
        await app.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'secadmin')
          .executeTakeFirstOrThrow()
      ).id;
      const event = await app.db
        .selectFrom('integration_events')
        .select('id')
        .where('type', '=', 'risk.alert_raised')
        .where('data', 'like', `%${alert?.id}%`)
        .executeTakeFirstOrThrow();
      const queued = () =>
        app.db
          .selectFrom('message_queue')
          .selectAll()
          .where('source_key', '=', `event:${event.id}`)
          .where('user_id', '=', secadmin)
          .executeTakeFirst();
      await expect.poll(async () => (await queued())?.attempts, { timeout: 10_000 }).toBe(1);
      const failed = await queued();
      expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
      expect(failed?.last_error).toMatch(/ECONNECTION|ECONNREFUSED/);
      expect(Date.parse(String(failed?.next_attempt_at)) - clock.ms).toBe(30_000);

      expect((await call(sys, 'PUT', '/api/messages/smtp', settings(exim.port))).statusCode).toBe(200);
      clock.ms += 30_000;
      const [mail] = await newMail(1, [mailbox('secadmin')]);
      expect(mail?.parsed.subject).toBe('风险预警（中）：短时高频用印');
      await expect.poll(async () => (await queued())?.status, { timeout: 10_000 }).toBe('sent');
      expect(await queued()).toMatchObject({ attempts: 2, last_error: null });
      await settle();
    });
  });
}
