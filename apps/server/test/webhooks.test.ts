// Webhooks end to end: a document sealed through the API reaches a real HTTP receiver on loopback
// (allowed by the system admin), signed with the subscription's secret; the receiver fails three
// times, then accepts. The backoff is the real schedule's shape, the clock the test's, so no minute
// is waited. Private addresses are refused unless allowed; events exist only for committed work.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { CreatedWebhookSubscription, WebhookDelivery } from '@openseal/contract';
import { createTimestampAuthority } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import { recordEvent } from '../src/modules/integrations/events/outbox.ts';
import type { IntegrationsContext } from '../src/modules/integrations/integrations-context.ts';
import { systemResolve } from '../src/modules/integrations/webhooks/address-guard.ts';
import { runWebhookDeliveries } from '../src/modules/integrations/webhooks/delivery-worker.ts';
import { exponentialBackoff } from '../src/modules/integrations/webhooks/retry-schedule.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo, storeTestTotp, TEST_TOTP_SECRET } from './identity-fixture.ts';
import { sealUseRequest } from './seal-use-request.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

/** What the receiver saw of one POST, and whether the signature held. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
  fresh: boolean;
}

/** The receiver's check, as docs/webhooks.md shows it: HMAC over "timestamp.body", 5 minutes' grace. */
function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string, nowMs: number) {
  const timestamp = String(headers['x-openseal-timestamp']);
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const given = String(headers['x-openseal-signature']);
  const signatureValid =
    given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  const fresh = Math.abs(nowMs / 1000 - Number(timestamp)) <= 300;
  return { signatureValid, fresh };
}

let testPki: TestPki;
beforeAll(async () => {
  testPki = await makeTestPki('webhooks', 'Transcript of Zhang San');
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`webhooks on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let ctx: IntegrationsContext;
    let receiver: Server;
    let receiverUrl: string;
    let sys: Session;
    let creator: Session;
    let secret: string;
    let subscriptionId: string;
    let sealId: string;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const received: Received[] = [];
    /** The receiver's answers, in order; 200 once they run out. */
    const answers: number[] = [];
    const logLines: string[] = [];

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
        },
        {
          clock: () => new Date(clock.ms),
          pki,
          timestamper: createTimestampAuthority({
            certificate: pki.tsa.certificate,
            signer: pki.tsa.signer,
            chain: [pki.issuing.certificate],
          }),
          logStream: new Writable({
            write(chunk, _enc, done) {
              logLines.push(String(chunk));
              done();
            },
          }),
          // The test runs the worker itself, on its own clock.
          webhooks: { pollMs: 24 * 3_600_000 },
        },
      );
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      sealId = (
        await app.db
          .selectFrom('seals')
          .select('id')
          .where('name', '=', '示范大学教务处成绩专用章')
          .executeTakeFirstOrThrow()
      ).id;
      await storeTestTotp(app.db, app.secrets, ['sysadmin']);
      sys = await signInDemo(app, demo, 'sysadmin', totpCode(TEST_TOTP_SECRET, new Date(clock.ms)));
      creator = await signInDemo(app, demo, 'creator');
      ctx = {
        db: app.db,
        secrets: app.secrets,
        clock: () => new Date(clock.ms),
        resolve: systemResolve,
        retry: exponentialBackoff(() => 0.5),
        timeoutMs: 5_000,
      };
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          received.push({
            headers: req.headers,
            body,
            ...verifySignature(secret, req.headers, body, clock.ms),
          });
          const status = answers.shift() ?? 200;
          res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/openseal`;
    });
    afterAll(async () => {
      await app?.close();
      await new Promise((resolve) => receiver?.close(resolve));
      await db?.dispose();
    });

    const call = (s: Session, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
      app.inject({ method, url, ...as(s), ...(payload ? { payload } : {}) });
    const seal = (purpose: string) =>
      app.inject(
        sealUseRequest(
          sealId,
          {
            pdf: testPki.pdf,
            placement: { kind: 'page', page: 1, x: 400, y: 200 },
            documentType: 'transcript',
            purpose,
          },
          as(creator).headers,
        ),
      );
    const eventsOfType = (type: string) =>
      app.db.selectFrom('integration_events').selectAll().where('type', '=', type).execute();
    const deliveryStatus = async (id: string | undefined) =>
      (
        await app.db
          .selectFrom('webhook_deliveries')
          .select('status')
          .where('id', '=', String(id))
          .executeTakeFirst()
      )?.status;
    /** Runs the worker until nothing is pending, moving the clock to each retry's time. */
    async function drain() {
      for (let i = 0; i < 10; i++) {
        await runWebhookDeliveries(ctx);
        const next = await app.db
          .selectFrom('webhook_deliveries')
          .select('next_attempt_at')
          .where('status', '=', 'pending')
          .orderBy('next_attempt_at')
          .executeTakeFirst();
        if (!next?.next_attempt_at) return;
        clock.ms = Math.max(clock.ms, Date.parse(next.next_attempt_at));
      }
    }

    it('delivers a sealed document, signed, once, after three failures retried with backoff', async () => {
      expect(
        (await call(sys, 'PUT', '/api/integrations/webhook-hosts', { hosts: ['127.0.0.1'] })).json(),
      ).toEqual({
        hosts: ['127.0.0.1'],
      });
      const created = await call(sys, 'POST', '/api/integrations/webhooks', {
        url: receiverUrl,
        description: 'registrar archive',
        events: ['document.sealed'],
      });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json() as CreatedWebhookSubscription;
      secret = body.secret;
      subscriptionId = body.subscription.id;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

      answers.push(500, 500, 500);
      const startedAt = clock.ms;
      const used = await seal('webhook test');
      expect(used.statusCode, used.body).toBe(200);
      const sha256 = String(used.headers['x-document-sha256'] ?? '');
      const events = await eventsOfType('document.sealed');
      expect(events).toHaveLength(1);
      await drain();

      expect(received).toHaveLength(4);
      expect(received.every((r) => r.signatureValid && r.fresh)).toBe(true);
      expect(new Set(received.map((r) => r.headers['x-openseal-delivery'])).size).toBe(1);
      expect(received[0]?.headers['x-openseal-event']).toBe('document.sealed');
      const payload = JSON.parse(received[0]?.body ?? '{}');
      expect(payload).toMatchObject({
        id: events[0]?.id,
        type: 'document.sealed',
        data: { sealIds: [sealId] },
      });
      if (sha256) expect(payload.data.documentSha256).toBe(sha256);
      expect(payload.data.documentSha256).toMatch(/^[0-9a-f]{64}$/);
      // Backoff: 30 s, 2 min, 10 min (the jitter pinned to its middle).
      const times = received.map((r) => Number(r.headers['x-openseal-timestamp']) * 1000 - startedAt);
      expect(times).toEqual([0, 30_000, 150_000, 750_000]);

      const log = await call(sys, 'GET', `/api/integrations/webhooks/${subscriptionId}/deliveries`);
      expect(log.statusCode, log.body).toBe(200);
      const deliveries = log.json() as WebhookDelivery[];
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({
        status: 'succeeded',
        eventType: 'document.sealed',
        nextAttemptAt: null,
      });
      expect(deliveries[0]?.attempts.map((a) => [a.attempt, a.statusCode, a.responseBody])).toEqual([
        [1, 500, 'try later'],
        [2, 500, 'try later'],
        [3, 500, 'try later'],
        [4, 200, 'ok'],
      ]);
    });

    it('redelivers on request, as one more signed try, audited', async () => {
      const [delivery] = (
        await call(sys, 'GET', `/api/integrations/webhooks/${subscriptionId}/deliveries`)
      ).json() as WebhookDelivery[];
      const res = await call(sys, 'POST', `/api/integrations/webhook-deliveries/${delivery?.id}/redeliver`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'pending' });
      // The redelivery runs at once on the server's own job; the clock stays put, so a drain here could
      // only race it (moving the clock past the claim would send the try under way a second time).
      for (let i = 0; i < 200 && (await deliveryStatus(delivery?.id)) !== 'succeeded'; i++) {
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(received).toHaveLength(5);
      expect(received[4]?.signatureValid).toBe(true);
      const [after] = (
        await call(sys, 'GET', `/api/integrations/webhooks/${subscriptionId}/deliveries`)
      ).json() as WebhookDelivery[];
      expect(after?.status).toBe('succeeded');
      expect(after?.attempts).toHaveLength(5);
    });

    it('refuses private and loopback receivers unless their host is allowed, and sends nothing there', async () => {
      await call(sys, 'PATCH', `/api/integrations/webhooks/${subscriptionId}`, { enabled: false });
      const port = (receiver.address() as AddressInfo).port;
      const refusedUrls = [
        `http://localhost:${port}/openseal`,
        'http://10.1.2.3/hook',
        'http://169.254.169.254/latest/meta-data',
        `http://[::1]:${port}/openseal`,
      ];
      const ids: string[] = [];
      for (const url of refusedUrls) {
        const res = await call(sys, 'POST', '/api/integrations/webhooks', {
          url,
          description: 'internal',
          events: ['document.sealed'],
        });
        expect(res.statusCode, res.body).toBe(201);
        ids.push((res.json() as CreatedWebhookSubscription).subscription.id);
      }
      const before = received.length;
      expect((await seal('ssrf test')).statusCode).toBe(200);
      await drain();
      expect(received).toHaveLength(before);
      for (const id of ids) {
        const [d] = (
          await call(sys, 'GET', `/api/integrations/webhooks/${id}/deliveries`)
        ).json() as WebhookDelivery[];
        expect(d?.status).toBe('failed');
        expect(d?.attempts).toHaveLength(1);
        expect(d?.attempts[0]?.statusCode).toBeNull();
        expect(d?.attempts[0]?.error).toMatch(/private, loopback or reserved address/);
      }
      // Allowing localhost lets the first one through on redelivery.
      await call(sys, 'PUT', '/api/integrations/webhook-hosts', { hosts: ['127.0.0.1', 'localhost'] });
      const [local] = (
        await call(sys, 'GET', `/api/integrations/webhooks/${ids[0]}/deliveries`)
      ).json() as WebhookDelivery[];
      await call(sys, 'POST', `/api/integrations/webhook-deliveries/${local?.id}/redeliver`);
      await drain();
      expect(received.length).toBeGreaterThan(before);
    });

    it('records a submitted request and its decision, with ids and plain facts only', async () => {
      const leader = await signInDemo(app, demo, 'leader');
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
      const requestId = (submitted.json() as { id: string }).id;
      const rejected = await call(leader, 'POST', `/api/requests/${requestId}/act`, {
        action: 'reject',
        comment: '材料不全',
      });
      expect(rejected.statusCode, rejected.body).toBe(200);
      const events = await app.db
        .selectFrom('integration_events')
        .select(['type', 'data'])
        .where('type', 'in', ['request.submitted', 'request.decided'])
        .orderBy('created_at')
        .orderBy('type', 'desc')
        .execute();
      expect(events.map((e) => [e.type, JSON.parse(e.data)])).toEqual([
        ['request.submitted', { requestId, requestType: 'seal.use' }],
        ['request.decided', { requestId, requestType: 'seal.use', decision: 'rejected' }],
      ]);
      // No purpose, comment or file in any event.
      expect(JSON.stringify(events)).not.toMatch(/合作协议|材料不全/);
    });

    it('records an event only when its transaction commits', async () => {
      const count = async () => (await app.db.selectFrom('integration_events').select('id').execute()).length;
      const before = await count();
      await expect(
        app.db.transaction().execute(async (trx) => {
          await recordEvent(
            trx,
            { type: 'document.sealed', data: { documentSha256: 'x' } },
            new Date(clock.ms),
          );
          throw new Error('the seal failed after the event was written');
        }),
      ).rejects.toThrow('the seal failed');
      expect(await count()).toBe(before);
      // A seal use refused (a document type the grant does not cover) leaves no event either.
      const refused = await app.inject(
        sealUseRequest(
          sealId,
          {
            pdf: testPki.pdf,
            placement: { kind: 'page', page: 1, x: 400, y: 200 },
            documentType: 'contract',
            purpose: 'not granted',
          },
          as(creator).headers,
        ),
      );
      expect(refused.statusCode).toBe(403);
      expect(await count()).toBe(before);
    });

    it('never shows the secret again, nor stores or logs it in the clear', async () => {
      const list = await call(sys, 'GET', '/api/integrations/webhooks');
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(secret);
      expect(list.body).not.toContain('whsec_');
      const rows = await app.db.selectFrom('webhook_subscriptions').select('secret').execute();
      expect(rows.every((r) => !r.secret.includes(secret.slice(6)))).toBe(true);
      const audit = await app.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'object'])
        .where('action', 'like', 'webhook.%')
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['webhook.hosts', 'webhook.create', 'webhook.redeliver', 'webhook.disable']),
      );
      expect(audit.every((a) => a.actor === 'sysadmin')).toBe(true);
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('')).not.toContain(secret.slice(6));
      // Other roles cannot read the subscriptions.
      expect((await call(creator, 'GET', '/api/integrations/webhooks')).statusCode).toBe(403);
    });
  });
}
