import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createTimestampAuthority, initPki, loadPki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { totpCode } from '../src/modules/auth/totp.ts';
import {
  as,
  type Session,
  signInDemo,
  storeTestTotp,
  TEST_TOTP_SECRET,
  userIdOf,
} from './identity-fixture.ts';
import { sealRequests } from './seal-requests.ts';
import { sealUseRequest } from './seal-use-request.ts';
import { uploadFor } from './uploads-support.ts';

/**
 * Runs the flows that carry secrets (sign-in, TOTP, password reset, PKCS#12 import through an
 * approved request, stamping a document) with the server logging at trace level, then searches every
 * log line for them.
 */
describe('logs never carry secrets, keys or document contents', () => {
  let dir: string;
  let app: FastifyInstance;
  let demo: DemoSchool;
  const lines: string[] = [];
  const kek = randomBytes(32);
  const secrets: string[] = [kek.toString('base64'), TEST_TOTP_SECRET];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'openseal-logs-'));
    await initPki({ dir: join(dir, 'pki'), passphrase: 'pki-passphrase-logs', keyAlgorithm: 'ecdsa-p256' });
    secrets.push('pki-passphrase-logs');
    const pki = await loadPki(join(dir, 'pki'), 'pki-passphrase-logs');
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp(
      {
        port: 0,
        host: '127.0.0.1',
        dataDir: dir,
        database: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
        logLevel: 'trace',
        kek,
      },
      {
        pki,
        timestamper: createTimestampAuthority({
          certificate: pki.tsa.certificate,
          signer: pki.tsa.signer,
          chain: [pki.issuing.certificate],
        }),
        logStream: sink,
      },
    );
    demo = await seedDemoSchool(app.db);
    secrets.push(...demo.accounts.map((a) => a.password));
    await storeTestTotp(app.db, app.secrets, ['sysadmin']);
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function login(username: string, totp = false): Promise<Session> {
    const session = await signInDemo(
      app,
      demo,
      username,
      totp ? totpCode(TEST_TOTP_SECRET, new Date()) : undefined,
    );
    secrets.push(session.cookie.split('=')[1] as string, session.csrf);
    return session;
  }

  it('after sign-ins, a reset password, a PKCS#12 import and a stamped document', async () => {
    const wrong = 'Wrong-Password-4711';
    secrets.push(wrong);
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'creator', password: wrong },
    });
    // Malformed JSON: the parser's message quotes the body it failed on.
    const broken = `{"username":"creator","password":"${wrong}"`;
    const bad = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: broken,
    });
    expect(bad.json().code).toBe('ERR_BAD_REQUEST');

    const sys = await login('sysadmin', true);
    const student = (
      await app.inject({ method: 'GET', url: '/api/users?unitId=' + demo.units.csCollege, ...as(sys) })
    ).json()[0];
    const r = await app.inject({
      method: 'POST',
      url: `/api/users/${student.id}/password`,
      ...as(sys),
      payload: {},
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    // The one-time reset code reaches the unit head's screen, never a log line.
    const head = await login('president', false);
    const [pending] = (
      await app.inject({ method: 'GET', url: '/api/auth/password-resets', ...as(head) })
    ).json();
    const revealed = await app.inject({
      method: 'POST',
      url: `/api/auth/password-resets/${pending.id}/reveal`,
      ...as(head),
    });
    expect(revealed.statusCode, revealed.body).toBe(200);
    secrets.push(revealed.json().code);

    const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pkcs8 = keys.privateKey.export({ type: 'pkcs8', format: 'der' });
    secrets.push(pkcs8.toString('base64'), keys.privateKey.export({ format: 'jwk' }).d as string);
    const pki = app.seals.pki!;
    const cert = await pki.issue({
      profile: 'seal',
      subject: [{ type: 'CN', value: 'log test' }],
      publicKey: keys.publicKey,
      now: new Date(),
    });
    writeFileSync(join(dir, 'k.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'c.pem'), cert.toPem());
    const p12Password = 'P12-Password-0815';
    execFileSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'k.pem'),
      '-in',
      join(dir, 'c.pem'),
      '-passout',
      `pass:${p12Password}`,
      '-out',
      join(dir, 's.p12'),
    ]);
    const p12File = readFileSync(join(dir, 's.p12'));
    const p12 = p12File.toString('base64');
    secrets.push(p12Password, p12.slice(100, 160));

    const sessions: Record<string, Session> = {
      sealadmin: await login('sealadmin'),
      leader: await login('leader'),
    };
    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
    // The import is asked for by the office's seal admin and approved by the head of 教务处.
    const requests = sealRequests(call, 'sealadmin', 'leader');
    const made = await requests.approved('seal.make', {
      name: '成绩专用章',
      type: 'business',
      ownerUnitId: demo.units.academicAffairs,
      spec: { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章' },
      key: {
        source: 'pkcs12',
        uploadId: await uploadFor(app, sessions['sealadmin'] as Session, 's.p12', p12File),
        password: p12Password,
      },
      reason: '导入成绩专用章证书',
    });
    expect(made.status, JSON.stringify(made.result)).toBe('completed');
    const sealId = made.result?.['sealId'] as string;
    const creatorId = await userIdOf(app.db, 'creator');
    await requests.authorize(sealId, { userId: creatorId });
    // Until approval the request holds the imported key, envelope-encrypted under the KEK, and not the password.
    const stored = JSON.parse(
      (
        await app.db
          .selectFrom('approval_requests')
          .select('payload')
          .where('id', '=', made.id)
          .executeTakeFirstOrThrow()
      ).payload,
    ) as { key: { source: string; envelope: string } };
    expect(stored.key.source).toBe('imported');
    expect(JSON.stringify(stored)).not.toContain(p12Password);
    const requestEnvelope = stored.key.envelope;
    secrets.push(requestEnvelope.slice(0, 60));

    const doc = await PDFDocument.create();
    const marker = 'Grade-Record-Zhang-San-98';
    doc.addPage([595, 842]).drawText(marker, { x: 72, y: 760, size: 12 });
    const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
    secrets.push(marker, pdf.toString('base64').slice(200, 260));
    const creator = await login('creator');
    const used = await app.inject(
      sealUseRequest(
        sealId,
        {
          pdf,
          placement: { kind: 'keyword', keyword: 'Grade' },
          documentType: 'transcript',
          purpose: 'log test',
        },
        as(creator).headers,
      ),
    );
    expect(used.statusCode, used.body).toBe(200);
    const envelope = (
      await app.db
        .selectFrom('seals')
        .select('key_envelope')
        .where('id', '=', sealId)
        .executeTakeFirstOrThrow()
    ).key_envelope;
    const sealEnvelope = Buffer.from(envelope as Uint8Array).toString('base64');
    secrets.push(sealEnvelope.slice(0, 60));

    // The request as its requester and its approver see it, and as approval returned it, shows the
    // key's source only: no password, no PKCS#12 data, no envelope.
    const views = [JSON.stringify(made)];
    for (const user of ['sealadmin', 'leader']) {
      const view = await call(user, 'GET', `/api/requests/${made.id}`);
      expect(view.statusCode, view.body).toBe(200);
      expect(Object.keys(view.json().payload.key)).toEqual(['source']);
      views.push(view.body);
    }
    for (const view of views) {
      for (const needle of [
        p12Password,
        p12.slice(100, 160),
        requestEnvelope.slice(0, 60),
        sealEnvelope.slice(0, 60),
      ])
        expect(view.includes(needle)).toBe(false);
    }

    // An academic system's API key: on creation (answered once) and in use, accepted and refused.
    const tpladmin = await login('tpladmin');
    const source = await app.inject({
      method: 'POST',
      url: '/api/data-sources',
      payload: { name: '教务系统' },
      ...as(tpladmin),
    });
    expect(source.statusCode, source.body).toBe(201);
    const apiKey = (source.json() as { apiKey: string }).apiKey;
    secrets.push(apiKey, apiKey.slice(12));
    for (const key of [apiKey, `${apiKey.slice(0, -4)}AAAA`]) {
      await app.inject({
        method: 'PUT',
        url: '/api/integration/records/no-such-type/R-1',
        headers: { authorization: `Bearer ${key}` },
        payload: { subject: 's1', subjectName: '张三', data: {} },
      });
    }

    // A credential's access code, in the QR code's URL (c=) and in the public API (code=), guessed
    // 30 times with unknown ids: redacted, and logged once per kind of refusal, not 30 times.
    const accessCode = 'K7QM9XP4TZDW';
    secrets.push(accessCode);
    const before = lines.length;
    await app.inject({ method: 'GET', url: `/v/Q4TX9M2K?c=${accessCode}`, headers: { accept: 'text/html' } });
    for (let i = 0; i < 30; i++) {
      const guess = await app.inject({
        method: 'GET',
        url: `/api/public/credentials/Q4TX9M2K${i % 3}?code=${accessCode}`,
        remoteAddress: '198.51.100.7',
      });
      expect([404, 429]).toContain(guess.statusCode);
    }
    // One line per kind of refusal: the first unknown id (404), the first over the rate limit (429).
    const guessLines = lines.slice(before).filter((l) => l.includes('/api/public/credentials/'));
    expect(guessLines.map((l) => JSON.parse(l).res.statusCode)).toEqual([404, 429]);
    for (const l of guessLines) expect(l).toContain('code=[redacted]');
    expect(lines.slice(before).some((l) => l.includes('/v/Q4TX9M2K?c=[redacted]'))).toBe(true);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('"reqId"');
    const leaked = secrets.filter((s) => s.length >= 8 && log.includes(s));
    expect(leaked).toEqual([]);
  });
});
