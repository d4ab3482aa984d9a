import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  startE2eServer,
} from './e2e-support.ts';
import { totpNow } from './enrol-totp.ts';

const title = hasChromium
  ? 'first sign-in of the three security admins in headless Chromium'
  : `first sign-in of the three security admins in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

/**
 * Signs in with the password only, as on day one, and enrols the authenticator from what the page
 * shows: the QR code is there, the key is read as text, the code is computed from it.
 */
async function enrolOnFirstSignIn(
  page: Page,
  base: string,
  start: string,
  username: string,
  password: string,
  shot: string,
) {
  await page.goto(`${base}${start}`);
  await page.waitForURL(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('totp-first-sign-in').waitFor();
  // The old dead end is gone: no page asks for POST /api/auth/totp.
  expect(await page.locator('body').textContent()).not.toContain('/api/auth/totp');
  const qr = page.getByTestId('totp-qr').locator('svg');
  await qr.waitFor();
  const box = await qr.boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(160);
  const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await settled(page);
  await page.screenshot({ path: join(SHOTS, `${shot}-enrol.png`), fullPage: true });

  // A code from ten minutes ahead is refused; the current one is accepted.
  await page.getByTestId('totp-code').fill(totpNow(secret, new Date(Date.now() + 600_000)));
  await page.getByTestId('totp-confirm').click();
  await page.getByTestId('totp-confirm-error').waitFor();
  await page.getByTestId('totp-code').fill(totpNow(secret));
  await page.getByTestId('totp-confirm').click();

  await page.getByTestId('recovery-codes').waitFor();
  const codes = await page.getByTestId('recovery-code').allTextContents();
  expect(codes).toHaveLength(10);
  for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
  expect(await page.getByTestId('recovery-continue').isDisabled()).toBe(true);
  await page.screenshot({ path: join(SHOTS, `${shot}-recovery.png`), fullPage: true });
  await page.getByTestId('recovery-saved').click();
  await page.getByTestId('recovery-continue').click();
  await page.getByTestId('current-user').waitFor();
  return { secret, codes };
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer<undefined>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startE2eServer('first-sign-in', { pki: false });
    browser = server.browser;
    base = server.base;
  });
  afterAll(() => server?.close());

  it('walks the security admin through enrolment at 1366 px to the risk alerts, recovery codes shown once', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      const { secret, codes } = await enrolOnFirstSignIn(
        page,
        base,
        '/alerts',
        'secadmin',
        server.password('secadmin'),
        'first-sign-in-secadmin-1366',
      );
      await page.waitForURL(`${base}/alerts`);
      await page.getByTestId('risk-tabs').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'first-sign-in-secadmin-alerts.png') });
      // Reloaded, the console stays: the codes are never shown again.
      await page.reload();
      await page.getByTestId('risk-tabs').waitFor();
      expect(await page.getByTestId('recovery-code').count()).toBe(0);

      // Signing in again asks for the code; a recovery code works instead, once.
      await page.getByTestId('logout').click();
      await page.waitForURL(`${base}/login`);
      const signInWith = async (recovery: string) => {
        await page.getByTestId('login-username').fill('secadmin');
        await page.getByTestId('login-password').fill(server.password('secadmin'));
        await page.getByTestId('login-submit').click();
        await page.getByTestId('login-toggle-recovery').click();
        await page.getByTestId('login-recovery').fill(recovery);
        await page.getByTestId('login-submit').click();
      };
      await signInWith(codes[0] as string);
      await page.getByTestId('current-user').waitFor();
      await page.getByTestId('logout').click();
      await page.waitForURL(`${base}/login`);
      await page.reload();
      await signInWith(codes[0] as string);
      await expect
        .poll(() => page.getByTestId('login-error').textContent())
        .toContain('恢复码错误或已使用过');
      expect(secret).not.toBe('');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('walks the auditor through enrolment on a 375 px phone to the audit log', async () => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await enrolOnFirstSignIn(
        page,
        base,
        '/',
        'auditor',
        server.password('auditor'),
        'first-sign-in-auditor-375',
      );
      await page.waitForURL(`${base}/audit`);
      await page.getByTestId('audit-count').waitFor();
      // Nothing on the enrolment page was wider than the phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'first-sign-in-auditor-audit-375.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('walks the system admin through enrolment in English to the org tree', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/login`);
      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('login-title').textContent()).toBe('Sign in to the console');
      await enrolOnFirstSignIn(
        page,
        base,
        '/',
        'sysadmin',
        server.password('sysadmin'),
        'first-sign-in-sysadmin-en',
      );
      await page.waitForURL(`${base}/org`);
      await page.getByTestId('org-tree').waitFor();
      expect(await page.locator('body').textContent()).toContain('Organization');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
