import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
  submitUntilUnderWay,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const title = hasChromium
  ? 'password reset through the unit head in headless Chromium'
  : `password reset through the unit head in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer<undefined>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startE2eServer('password-reset', { pki: false });
    browser = server.browser;
    base = server.base;
  });
  afterAll(() => server?.close());

  it('resets a password without the admin seeing it; the unit head hands the code over; the user chooses a new one', async () => {
    const admin = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const head = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      // The system admin resets the teacher's password: no password field, no code on screen.
      const sys = await admin.newPage();
      const sysErrors = pageErrors(sys);
      await signIn(
        sys,
        base,
        'sysadmin',
        server.password('sysadmin'),
        await enrolTotp(base, 'sysadmin', server.password('sysadmin')),
      );
      await sys.getByTestId('nav-menu').getByText('用户与角色').click();
      await sys.getByTestId('reset-teacher').click();
      const done = sys.getByTestId('reset-done');
      await submitUntilUnderWay(sys.getByTestId('reset-submit'), done);
      await done.waitFor();
      expect(await done.textContent()).toContain('校领导 (president)');
      expect(await sys.locator('.ant-modal input').count()).toBe(0);
      await settled(sys);
      await sys.screenshot({ path: join(SHOTS, 'password-reset-admin.png') });

      // The unit head reveals the one-time code, once.
      const leader = await head.newPage();
      await signIn(leader, base, 'president', server.password('president'));
      await leader.getByTestId('user-menu').click();
      await leader.getByText('账户与安全').click();
      await leader.getByTestId('reset-handover').waitFor();
      await leader.getByTestId('reveal-teacher').click();
      const code = ((await leader.getByTestId('revealed-code').textContent()) ?? '').trim();
      expect(code).toMatch(/^[A-Za-z2-9]{16}$/);
      await leader.screenshot({ path: join(SHOTS, 'password-reset-handover.png') });
      await leader.keyboard.press('Escape');
      await leader.getByTestId('reset-handover').getByText('已查看').waitFor();

      // The teacher signs in with it on a phone and must choose a new password first.
      const teacher = await phone.newPage();
      const teacherErrors = pageErrors(teacher);
      await teacher.goto(`${base}/login`);
      await teacher.getByTestId('login-username').fill('teacher');
      await teacher.getByTestId('login-password').fill(code);
      await teacher.getByTestId('login-submit').click();
      const forced = teacher.getByTestId('forced-password');
      await forced.waitFor();
      expect(await forced.textContent()).toContain('北京时间');
      expect(await teacher.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await settled(teacher);
      await teacher.screenshot({ path: join(SHOTS, 'password-reset-forced-375.png'), fullPage: true });
      await teacher.getByTestId('password-current').fill(code);
      await teacher.getByTestId('password-new').fill('my own new password 1');
      await teacher.getByTestId('password-repeat').fill('my own new password 1');
      await teacher.getByTestId('password-submit').click();
      await teacher.getByTestId('current-user').waitFor();

      // Later, the own password is changed in the console with the current one.
      await teacher.goto(`${base}/account`);
      await teacher.getByTestId('account-page').waitFor();
      await teacher.getByTestId('password-current').fill('not my password at all');
      await teacher.getByTestId('password-new').fill('my second password 2');
      await teacher.getByTestId('password-repeat').fill('my second password 2');
      await teacher.getByTestId('password-submit').click();
      await expect.poll(() => teacher.getByTestId('password-error').textContent()).toContain('当前密码错误');
      await teacher.getByTestId('password-current').fill('my own new password 1');
      await teacher.getByTestId('password-submit').click();
      await teacher.getByText('密码已修改').waitFor();
      await settled(teacher);
      await teacher.screenshot({ path: join(SHOTS, 'account-375.png'), fullPage: true });
      const relogin = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'teacher', password: 'my second password 2' }),
      });
      expect(relogin.status).toBe(200);
      expect([...sysErrors, ...teacherErrors]).toEqual([]);
    } finally {
      await admin.close();
      await head.close();
      await phone.close();
    }
  }, 240_000);
});
