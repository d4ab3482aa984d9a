// 邮件服务 and 消息通知 in headless Chromium: the system admin points the console at a real SMTP server
// (Exim on loopback, STARTTLS with its own CA, AUTH) and sends a test message that arrives; a teacher
// turns one kind of email off on the account page at phone width. Screenshots at 1366 and 375 px.
import { join } from 'node:path';
import {
  type Exim,
  eximMissing,
  MAIL_DOMAIN,
  SMTP_PASSWORD,
  SMTP_USER,
  type saveSsoProvider,
  startExim,
} from '@openseal/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  menuItems,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const missing = hasChromium ? eximMissing() : `${CHROMIUM} is missing`;
const title = missing
  ? `email settings in headless Chromium — SKIPPED: ${missing}`
  : 'email settings in headless Chromium';

describe.skipIf(missing)(title, () => {
  let server: E2eServer<undefined>;
  let exim: Exim;
  let sysSecret: string;

  // The first run builds the console (vite), which takes minutes on a busy machine.
  beforeAll(async () => {
    exim = await startExim();
    server = await startE2eServer('messages', { pki: false });
    sysSecret = await enrolTotp(server.base, 'sysadmin', server.password('sysadmin'));
    // The server's database, which E2eServer's FastifyInstance type does not carry.
    const { db } = server.app as unknown as { db: Parameters<typeof saveSsoProvider>[0] };
    // The demo accounts have no email address; a directory sync or SSO sign-in would bring one.
    for (const username of ['sysadmin', 'teacher'])
      await db
        .updateTable('users')
        .set({ email: `${username}@${MAIL_DOMAIN}` })
        .where('username', '=', username)
        .execute();
  }, 400_000);

  afterAll(async () => {
    await server?.close();
    await exim?.stop();
  });

  it('lets the system admin configure SMTP and send a test message that arrives', async () => {
    const context = await server.browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await signIn(page, server.base, 'sysadmin', server.password('sysadmin'), sysSecret);
      expect(await menuItems(page)).toContain('邮件服务');
      await page.getByTestId('nav-menu').getByText('邮件服务').click();
      await page.waitForURL(/\/settings\/email$/);
      await page.getByTestId('email-host').fill('127.0.0.1');
      await page.getByTestId('email-port').fill(String(exim.port));
      await page.getByTestId('email-username').fill(SMTP_USER);
      await page.getByTestId('email-password').fill(SMTP_PASSWORD);
      await page.getByTestId('email-from-address').fill(`seal@${MAIL_DOMAIN}`);
      await page.getByTestId('email-from-name').fill('示范大学电子印章平台');
      await page.getByTestId('email-ca').fill(exim.caCertificate);
      await page.getByTestId('email-enabled').click();
      await page.getByTestId('email-save').click();
      await page.getByText('邮件设置已保存').waitFor();
      // The password is write-only: the field is empty again and says one is stored.
      await expect.poll(() => page.getByTestId('email-password').inputValue()).toBe('');
      await page
        .getByTestId('email-password')
        .and(page.locator('[placeholder="已保存（留空则保持不变）"]'))
        .waitFor();

      await page.getByTestId('email-test-to').fill(`sysadmin@${MAIL_DOMAIN}`);
      await page.getByTestId('email-test-send').click();
      const outcome = page.getByTestId('email-test-outcome');
      await outcome.waitFor();
      expect(await outcome.textContent()).toMatch(/测试邮件已发送，服务器应答：250 /);
      await expect
        .poll(async () => (await exim.delivered()).map((m) => m.parsed.subject))
        .toContain('OpenSeal 测试邮件 / Test message');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'email-settings-1366.png'), fullPage: true });

      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      await page.getByTestId('email-smtp-card').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'email-settings-375.png'), fullPage: true });
      // Nothing wider than the phone's screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets a teacher turn one kind of email off on the account page, at phone width', async () => {
    const context = await server.browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await signIn(page, server.base, 'teacher', server.password('teacher'));
      await page.goto(`${server.base}/account`);
      const card = page.getByTestId('message-settings');
      await card.waitFor();
      await card.getByText(`邮件发送至 teacher@${MAIL_DOMAIN}`).waitFor();
      const toggle = page.getByTestId('message-pref-request.decided-email');
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      await toggle.click();
      await page.getByText('消息设置已保存').waitFor();
      await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
      await page.getByTestId('message-locale').getByText('English').click();
      await expect
        .poll(async () => (await page.request.get(`${server.base}/api/account/messages`)).json())
        .toMatchObject({ locale: 'en' });
      const mine = await (await page.request.get(`${server.base}/api/account/messages`)).json();
      expect(mine.preferences).toContainEqual({ kind: 'request.decided', channel: 'email', enabled: false });
      await settled(page);
      await card.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'message-settings-375.png'), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

      await page.setViewportSize({ width: 1366, height: 900 });
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'message-settings-1366.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
