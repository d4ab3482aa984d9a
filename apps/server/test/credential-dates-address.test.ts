// The school's time zone on printed credentials, and the refusal to print an address nobody can open.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ERROR_CODES } from '@openseal/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type CredentialFixture, credentialFixture, pdfText } from './credential-test-support.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type Session } from './identity-fixture.ts';
import { makeTestPki, type TestPki } from './test-pki.ts';

let testPki: TestPki;
beforeAll(async () => {
  testPki = await makeTestPki('dates', 'dates');
});
afterAll(() => testPki?.remove());

async function portalRequest(f: CredentialFixture, s: Session, typeCode: string) {
  return f.app.inject({ method: 'POST', url: '/api/portal/credentials', ...as(s), payload: { typeCode } });
}

async function issuedText(f: CredentialFixture, s: Session, typeCode: string): Promise<string> {
  const res = await portalRequest(f, s, typeCode);
  expect(res.statusCode, res.body).toBe(200);
  const { credential } = res.json();
  const pdf = await f.app.inject({
    method: 'GET',
    url: `/api/portal/credentials/${credential.id}/pdf`,
    ...as(s),
  });
  expect(pdf.statusCode, pdf.body).toBe(200);
  return pdfText(new Uint8Array(pdf.rawPayload)).join('\n');
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`dates of issue on ${kind.name}`, () => {
    let f: CredentialFixture;
    beforeAll(async () => {
      f = await credentialFixture(kind, testPki);
    }, 60_000);
    afterAll(() => f?.close());

    it('dates a transcript issued at 23:30 UTC with the next day in Beijing (UTC+8)', async () => {
      f.clock.ms = Date.parse('2026-12-05T23:30:00.000Z');
      const student = await f.login('student');
      const zh = await issuedText(f, student, 'major-transcript-zh');
      expect(zh).toContain('2026年12月6日');
      expect(zh).not.toContain('2026年12月5日');
      const en = await issuedText(f, student, 'major-transcript-en');
      expect(en).toContain('6 December 2026');
      expect(en).not.toContain('5 December 2026');
    }, 60_000);
  });
}

describe.skipIf(TEST_DATABASES[0]?.skip)('the address printed on credentials', () => {
  const kind = TEST_DATABASES[0] as (typeof TEST_DATABASES)[number];

  it('refuses to issue outside demo mode while OPENSEAL_PUBLIC_URL is a loopback address, in zh and en', async () => {
    const f = await credentialFixture(kind, testPki, { publicUrl: 'http://localhost:8080' });
    try {
      const student = await f.login('student');
      const refused = await portalRequest(f, student, 'major-transcript-zh');
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({
        code: 'ERR_PUBLIC_URL_UNREACHABLE',
        message: ERROR_CODES.ERR_PUBLIC_URL_UNREACHABLE.en,
        messageZh: ERROR_CODES.ERR_PUBLIC_URL_UNREACHABLE.zh,
      });
      expect(refused.json().messageZh).toContain('OPENSEAL_PUBLIC_URL');
      const creator = await f.login('creator');
      const batch = await f.app.inject({
        method: 'POST',
        url: '/api/credential-jobs',
        ...as(creator),
        payload: { typeCode: 'major-transcript-zh', subjects: ['student'] },
      });
      expect(batch.json().code).toBe('ERR_PUBLIC_URL_UNREACHABLE');
      expect(await f.app.db.selectFrom('credentials').select('id').execute()).toEqual([]);
      expect(await f.app.db.selectFrom('credential_jobs').select('id').execute()).toEqual([]);
    } finally {
      await f.close();
    }
  }, 60_000);

  it('issues with a loopback address in demo mode, and with a real one outside it', async () => {
    for (const opts of [
      { publicUrl: 'http://127.0.0.1:8080', demo: true },
      { publicUrl: 'https://verify.example.edu.cn' },
    ]) {
      const f = await credentialFixture(kind, testPki, opts);
      try {
        const res = await portalRequest(f, await f.login('student'), 'major-transcript-zh');
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().credential.verifyUrl).toMatch(new RegExp(`^${opts.publicUrl}/v/`));
      } finally {
        await f.close();
      }
    }
  }, 120_000);

  it('warns at start when credentials would print a loopback address, demo mode or not', async () => {
    for (const demo of [false, true]) {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const db = await kind.create();
      const dataDir = mkdtempSync(join(tmpdir(), 'openseal-address-'));
      const app = await buildApp(
        { port: 8080, host: '127.0.0.1', dataDir, database: db.config, logLevel: 'warn', demo },
        { logStream },
      );
      await app.close();
      await db.dispose();
      rmSync(dataDir, { recursive: true, force: true });
      const warning = lines.map((l) => JSON.parse(l)).find((l) => /OPENSEAL_PUBLIC_URL/.test(l.msg));
      expect(warning, lines.join('')).toMatchObject({ level: 40 });
      expect(warning.msg).toContain('http://localhost:8080');
      expect(warning.msg).toContain(demo ? 'Demo mode' : 'refused');
    }
  });
});
