import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LOCK_FAILURES } from '../src/modules/auth/auth-service.ts';
import { TEST_DATABASES } from './databases.ts';
import { type IdentityFixture, identityFixture } from './identity-fixture.ts';

// The server's defaults: 5 failed sign-ins per address and user name per 15 minutes.
const LIMIT = { maxAttempts: 5, windowMs: 15 * 60_000 };

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`sign-in limits on ${kind.name}`, () => {
    let f: IdentityFixture;
    beforeAll(async () => {
      f = await identityFixture(kind, LIMIT);
    });
    afterAll(() => f?.close());

    const signIn = (username: string, password: string, remoteAddress: string) =>
      f.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password },
        remoteAddress,
      });

    it('do not count successful sign-ins', async () => {
      for (let i = 0; i < 2 * LIMIT.maxAttempts; i++) {
        expect((await signIn('student', f.password('student'), '10.1.0.1')).statusCode).toBe(200);
      }
    });

    it('say how long to wait in minutes, in Chinese and English, with Retry-After in seconds', async () => {
      for (let i = 0; i < LIMIT.maxAttempts; i++) {
        expect((await signIn('teacher', 'not the password', '10.1.0.2')).json().code).toBe(
          'ERR_INVALID_CREDENTIALS',
        );
      }
      const limited = await signIn('teacher', f.password('teacher'), '10.1.0.2');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({
        code: 'ERR_SIGN_IN_LIMITED',
        message: 'Too many failed sign-ins to this account from this device; try again in 15 minutes.',
        messageZh: '该账户在此设备上登录失败次数过多，请 15 分钟后再试。',
      });
      expect(limited.headers['retry-after']).toBe('900');
      f.clock.ms += 14 * 60_000 + 30_000;
      const later = await signIn('teacher', f.password('teacher'), '10.1.0.2');
      expect(later.json().message).toContain('try again in 1 minute.');
      expect(later.headers['retry-after']).toBe('30');
      f.clock.ms += 30_000;
      expect((await signIn('teacher', f.password('teacher'), '10.1.0.2')).statusCode).toBe(200);
    });

    it('lock per address and user name: a stranger failing 20 times elsewhere does not lock the owner out', async () => {
      for (let i = 0; i < 20; i++) {
        const res = await signIn('leader', 'guess', '203.0.113.66');
        expect(res.statusCode).toBe(i < LIMIT.maxAttempts ? 401 : 429);
      }
      expect((await signIn('leader', f.password('leader'), '10.1.0.3')).statusCode).toBe(200);
    });

    it('lock the account itself only at the longer per-user threshold, from many addresses together', async () => {
      const addresses = ACCOUNT_LOCK_FAILURES / LIMIT.maxAttempts;
      const codes: string[] = [];
      for (let a = 0; a < addresses; a++) {
        for (let i = 0; i < LIMIT.maxAttempts; i++) {
          codes.push((await signIn('creator', 'guess', `198.51.100.${a + 1}`)).json().code);
        }
      }
      expect(codes.slice(0, -1).every((c) => c === 'ERR_INVALID_CREDENTIALS')).toBe(true);
      expect(codes.at(-1)).toBe('ERR_ACCOUNT_LOCKED');
      const owner = await signIn('creator', f.password('creator'), '10.1.0.4');
      expect(owner.statusCode).toBe(423);
      expect(owner.json().message).toContain('try again in 15 minutes');
      expect(owner.json().messageZh).toContain('请 15 分钟后再试');
      expect(owner.headers['retry-after']).toBe('900');
    });
  });
}
