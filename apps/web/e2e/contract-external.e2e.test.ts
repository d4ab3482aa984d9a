import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractDetail } from '@openseal/contract';
import type { Kysely } from 'kysely';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  stageUpload,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

// 外部签署方: the creator names someone outside the school by name and mobile number; the invitation
// reaches the demo SMS outbox; on a 375 px phone the outsider opens the link, has a code sent, types
// it, and lands on that contract's signing page with no console menu — in Chinese and in English.

const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'en-US' };
const CONTRACT_PDF = fileURLToPath(
  new URL('../../../packages/pdf-sign/test/fixtures/chromium-print.pdf', import.meta.url),
);
const MOBILE = '13912345678';
const title = hasChromium
  ? 'external signer by SMS code in headless Chromium'
  : `external signer by SMS code in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;

  /** The demo outbox's texts to `to`, newest first (what the system admin's 短信发件箱 shows). */
  const texts = async (to: string) =>
    (
      await (
        server.app as unknown as {
          db: Kysely<{ sms_outbox: { id: string; to_number: string; text: string } }>;
        }
      ).db
        .selectFrom('sms_outbox')
        .select('text')
        .where('to_number', '=', to)
        .orderBy('id', 'desc')
        .execute()
    ).map((r) => r.text);

  beforeAll(async () => {
    server = await startE2eServer('contract-external');
    ({ base, browser } = server);
    // The console may be rebuilt first (ensureBuilt), which takes minutes on a busy machine.
  }, 400_000);
  afterAll(async () => server?.close());

  it('the creator lists an outside person on a phone; a wrong number is refused before the server is asked', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signIn(page, base, 'creator', server.password('creator'));
    await page.goto(`${base}/contracts/new`);
    await page.getByTestId('contract-party-kind').getByText('外部人员').click();
    await page.getByTestId('contract-party-external-name').fill('王外部');
    await page.getByTestId('contract-party-external-phone').fill('1391234567');
    await page.getByTestId('contract-party-add-external').click();
    expect(await page.getByTestId('contract-party-problem').textContent()).toBe('请填写 11 位中国大陆手机号');
    await page.getByTestId('contract-party-external-phone').fill(MOBILE);
    await page.getByTestId('contract-party-add-external').click();
    const draft = page.getByTestId('contract-party-draft');
    await expect.poll(() => draft.allTextContents()).toEqual([expect.stringContaining('王外部')]);
    expect(await draft.textContent()).toContain(MOBILE);
    expect(await draft.getByTestId('contract-party-custody').count()).toBe(1);
    await settled(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SHOTS, 'contract-external-party-375.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the outsider opens the invitation on a phone, gets a code, signs in and sees the signing page', async () => {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const file = await stageUpload(base, creator, 'service.pdf', readFileSync(CONTRACT_PDF));
    const created = await fetch(`${base}/api/contracts`, {
      method: 'POST',
      headers: { ...creator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '技术服务合同（外部签署）',
        file,
        order: 'sequential',
        parties: [{ kind: 'person', external: { name: '王外部', phone: MOBILE } }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const contract = (await created.json()) as ContractDetail;

    // The invitation job runs every ten seconds.
    let link = '';
    await expect
      .poll(
        async () => {
          link = /\/sign\/([A-Za-z0-9_-]+)/.exec((await texts(MOBILE))[0] ?? '')?.[1] ?? '';
          return link;
        },
        { timeout: 30_000, interval: 500 },
      )
      .not.toBe('');

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${base}/sign/${link}`);
    await page.getByTestId('external-sign').waitFor();
    expect(await page.getByTestId('sign-contract-title').textContent()).toBe('技术服务合同（外部签署）');
    expect(await page.getByTestId('external-sign').textContent()).toContain('139****5678');
    await page.getByTestId('sign-send-code').click();
    await expect.poll(() => page.getByTestId('sign-send-code').textContent()).toContain('秒后可重新获取');
    const code = /验证码是 (\d{6})/.exec((await texts(MOBILE))[0] ?? '')?.[1] ?? '';
    expect(code).toMatch(/^\d{6}$/);
    // A wrong code is refused in the page's language first.
    await page.getByTestId('sign-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('sign-sign-in').click();
    await expect.poll(() => page.getByTestId('sign-error').textContent()).toContain('验证码不正确');
    await settled(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SHOTS, 'contract-external-sign-375.png'), fullPage: true });

    await page.getByTestId('sign-code').fill(code);
    await page.getByTestId('sign-sign-in').click();
    await page.waitForURL(`${base}/contracts/${contract.id}`, { timeout: 30_000 });
    await page.getByTestId('contract-sign-panel').waitFor();
    // This session reaches this contract only: no console menu.
    expect(await page.getByTestId('nav-menu').count()).toBe(0);
    expect(await page.getByTestId('contract-events').textContent()).toContain('验证码核验身份');
    await settled(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SHOTS, 'contract-external-contract-375.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();

    // The same link on a computer, in English; once the code is used the page still offers a new one.
    const wide = await browser.newContext(WIDE);
    const wp = await wide.newPage();
    await wp.goto(`${base}/sign/${link}`);
    await wp.getByTestId('external-sign').waitFor();
    if ((await wp.getByTestId('sign-send-code').textContent())?.includes('获取'))
      await wp.getByTestId('language-switch').click();
    expect(await wp.getByTestId('sign-send-code').textContent()).toContain('Send me a code');
    await settled(wp);
    await wp.screenshot({ path: join(SHOTS, 'contract-external-sign-1366.png'), fullPage: true });
    await wide.close();

    // The system admin reads the same texts in the console: 短信服务 → 短信发件箱（演示）.
    const secret = await enrolTotp(base, 'sysadmin', server.password('sysadmin'));
    const admin = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const ap = await admin.newPage();
    await signIn(ap, base, 'sysadmin', server.password('sysadmin'), secret);
    await ap.getByTestId('nav-menu').getByText('短信服务').click();
    await ap.waitForURL(`${base}/settings/sms`);
    const outbox = ap.getByTestId('sms-outbox');
    await expect.poll(() => outbox.textContent()).toContain('短信发件箱（演示）');
    await expect.poll(() => outbox.textContent()).toContain(`验证码是 ${code}`);
    expect(await outbox.textContent()).toContain(MOBILE);
    await settled(ap);
    await ap.screenshot({ path: join(SHOTS, 'sms-outbox-1366.png'), fullPage: true });
    await admin.close();
  }, 180_000);
});
