import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig, type ServerConfig } from '../src/config.ts';
import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { CONTENT_SECURITY_POLICY } from '../src/plugins/security-headers.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

const consoleBuilt = existsSync(fileURLToPath(new URL('../../web/dist/index.html', import.meta.url)));

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`behind a reverse proxy and in the browser, on ${kind.name}`, () => {
    let db: TestDatabase;
    let direct: FastifyInstance;
    let proxied: FastifyInstance;
    let passwords: Map<string, string>;
    let base: ServerConfig;

    beforeAll(async () => {
      db = await kind.create();
      base = {
        port: 0,
        host: '127.0.0.1',
        dataDir: mkdtempSync(join(tmpdir(), 'openseal-headers-')),
        database: db.config,
        logLevel: 'silent',
        kek: randomBytes(32),
      };
      const limits = { loginLimit: { maxAttempts: 5, windowMs: 15 * 60_000 } };
      direct = await buildApp(base, limits);
      // As loadConfig reads it from the environment: the proxy runs on this machine.
      const { trustProxy } = loadConfig({ TRUST_PROXY: '127.0.0.1, ::1' });
      proxied = await buildApp({ ...base, trustProxy: trustProxy! }, limits);
      const demo = await seedDemoSchool(direct.db);
      passwords = new Map(demo.accounts.map((a) => [a.username, a.password]));
    });
    afterAll(async () => {
      await direct?.close();
      await proxied?.close();
      if (base) rmSync(base.dataDir, { recursive: true, force: true });
      await db?.dispose();
    });

    const signIn = (app: FastifyInstance, username: string, password: string, headers = {}) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

    it('sets the security headers on every response: JSON, errors, 404s and the console page', async () => {
      const responses = [
        await direct.inject({ method: 'GET', url: '/health' }),
        await direct.inject({ method: 'GET', url: '/api/no-such-thing' }),
        await direct.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '{"username":',
        }),
        await direct.inject({ method: 'GET', url: '/api/public/credentials/NOPE?code=X' }),
      ];
      if (consoleBuilt) {
        const page = await direct.inject({
          method: 'GET',
          url: '/v/ABC?c=123',
          headers: { accept: 'text/html' },
        });
        expect(page.headers['content-type']).toContain('text/html');
        responses.push(page);
      }
      for (const res of responses) {
        expect(res.headers).toMatchObject({
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-frame-options': 'DENY',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        expect(res.headers['strict-transport-security']).toBeUndefined();
      }
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
      // No inline scripts and no eval: only this server's files (and WebAssembly, for pdfium).
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
    });

    it('marks the session cookie Secure over HTTPS as the trusted proxy reports it, and only then', async () => {
      const https = { 'x-forwarded-proto': 'https' };
      const viaProxy = await signIn(proxied, 'student', passwords.get('student')!, https);
      expect(viaProxy.statusCode).toBe(200);
      expect(viaProxy.headers['set-cookie']).toMatch(/; Secure$/);
      expect(viaProxy.headers['strict-transport-security']).toBe('max-age=31536000');
      const plain = await signIn(proxied, 'student', passwords.get('student')!);
      expect(plain.headers['set-cookie']).not.toContain('Secure');
      // Without TRUST_PROXY anyone could send the header: it is ignored.
      const spoofed = await signIn(direct, 'student', passwords.get('student')!, https);
      expect(spoofed.headers['set-cookie']).not.toContain('Secure');
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    });

    it('with TRUST_PROXY, limits sign-ins per real client address and audits that address', async () => {
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let i = 0; i < 5; i++) {
        expect((await signIn(proxied, 'teacher', 'guess', from('203.0.113.9'))).statusCode).toBe(401);
      }
      expect((await signIn(proxied, 'teacher', 'guess', from('203.0.113.9'))).statusCode).toBe(429);
      // Another client behind the same proxy is another address.
      expect(
        (await signIn(proxied, 'teacher', passwords.get('teacher')!, from('198.51.100.20'))).statusCode,
      ).toBe(200);
      // A flood of made-up names is summarised in the audit log under the client's own address.
      await signIn(proxied, 'no-such-user', 'guess', from('203.0.113.77'));
      await proxied.close();
      const summary = await direct.db
        .selectFrom('audit_log')
        .select('object')
        .where('action', '=', 'auth.login.unknownAccounts')
        .execute();
      expect(summary.map((r) => r.object).join('\n')).toContain('address:203.0.113.77;');
    });

    it('without TRUST_PROXY, ignores X-Forwarded-For: a client cannot dodge the limit by inventing addresses', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await signIn(direct, 'leader', 'guess', { 'x-forwarded-for': `203.0.113.${i}` });
        expect(res.statusCode).toBe(401);
      }
      const sixth = await signIn(direct, 'leader', passwords.get('leader')!, {
        'x-forwarded-for': '192.0.2.1',
      });
      expect(sixth.statusCode).toBe(429);
    });
  });
}

describe('TRUST_PROXY', () => {
  it('takes proxy addresses, networks and hop counts, and refuses "true" with the reason', () => {
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback, fd00::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      'loopback',
      'fd00::1',
    ]);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY .*true would trust every client/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/"10.0.0.0\/33"/);
  });
});
