import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContractDetail } from '@openseal/contract';
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

// 扫码签署: the student opens a contract on the computer, shows its QR code, and a phone that scans it
// (never signed in) lands on that contract alone, draws the signature with a finger and signs with a
// key it makes itself; the computer's page follows and shows the contract signed.

const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const ZBARIMG = '/usr/bin/zbarimg';
const CONTRACT_PDF = fileURLToPath(
  new URL('../../../packages/pdf-sign/test/fixtures/chromium-print.pdf', import.meta.url),
);
const skip = !hasChromium ? `${CHROMIUM} is missing` : !existsSync(ZBARIMG) ? `${ZBARIMG} is missing` : '';
const title = skip
  ? `contract signing moved to a phone by QR code — SKIPPED: ${skip}`
  : 'contract signing moved to a phone by QR code';

/** A stroke with a finger on the signature pad, through the DevTools protocol's touch events. */
async function drawWithFinger(page: Page, points: readonly [number, number][]): Promise<void> {
  const box = await page.getByTestId('signature-pad').boundingBox();
  if (!box) throw new Error('the signature pad is not on screen');
  const cdp = await page.context().newCDPSession(page);
  const at = ([x, y]: [number, number]) => ({ x: box.x + box.width * x, y: box.y + box.height * y });
  const [first, ...rest] = points;
  if (!first) return;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(first)] });
  for (const p of rest)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at(p)] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

describe.skipIf(skip !== '')(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startE2eServer('contract-handoff');
    ({ base, browser } = server);
  }, 120_000);
  afterAll(async () => server?.close());

  it('the phone that scans the QR code signs that one contract, and the computer shows it signed', async () => {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const file = await stageUpload(base, creator, 'course.pdf', readFileSync(CONTRACT_PDF));
    const created = await fetch(`${base}/api/contracts`, {
      method: 'POST',
      headers: { ...creator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '课程服务协议（扫码签署）',
        file,
        order: 'sequential',
        parties: [{ kind: 'person', username: 'student' }],
      }),
    });
    expect(created.status).toBe(201);
    const contract = (await created.json()) as ContractDetail;

    const desk = await browser.newContext(WIDE);
    const phone = await browser.newContext(PHONE);
    try {
      const dp = await desk.newPage();
      const deskErrors = pageErrors(dp);
      await signIn(dp, base, 'student', server.password('student'));
      await dp.goto(`${base}/contracts/${contract.id}`);
      await dp.getByTestId('contract-sign-panel').waitFor();
      await dp.getByTestId('contract-handoff').click();
      const qr = dp.getByTestId('contract-handoff-qr');
      await qr.locator('svg').waitFor();
      await settled(dp);
      await dp.screenshot({ path: join(SHOTS, 'contract-handoff-qr-1366.png') });
      // What a phone camera reads off the screen.
      const shot = join(SHOTS, 'contract-handoff-qr-code.png');
      await qr.screenshot({ path: shot });
      const url = execFileSync(ZBARIMG, ['-q', '--raw', shot], { encoding: 'utf8' }).trim();
      // The server's public address, which the phone reaches (here localhost, where the desk used 127.0.0.1).
      expect(url).toMatch(/^https?:\/\/[^/]+\/contracts\/on-phone#[A-Za-z0-9_-]{43}$/);
      const site = new URL(url).origin;

      const pp = await phone.newPage();
      const phoneErrors = pageErrors(pp);
      await pp.goto(url);
      await pp.waitForURL(`${site}/contracts/${contract.id}`);
      // The link left the address bar; the phone sees this contract and no menu of the account.
      expect(pp.url()).not.toContain('#');
      await pp.getByTestId('contract-sign-panel').waitFor();
      expect(await pp.getByTestId('nav-menu').count()).toBe(0);
      expect(await pp.getByTestId('contract-handoff').count()).toBe(0);
      await pp.getByTestId('contract-your-turn').getByRole('button').click();
      await pp.getByTestId('signature-pad').scrollIntoViewIfNeeded();
      await settled(pp);
      await drawWithFinger(pp, [
        [0.15, 0.6],
        [0.3, 0.3],
        [0.5, 0.65],
        [0.8, 0.4],
      ]);
      await expect.poll(() => pp.getByTestId('signature-pad').getAttribute('data-strokes')).toBe('1');
      await pp.getByTestId('contract-consent').check();
      await settled(pp);
      await pp.screenshot({ path: join(SHOTS, 'contract-handoff-phone-375.png'), fullPage: true });
      await pp.getByTestId('contract-sign').click();
      const signed = pp.locator('[data-testid=contract-party][data-status=signed]');
      const signError = pp.getByTestId('contract-sign-error');
      await signed.or(signError).waitFor({ timeout: 60_000 });
      expect(await signError.count(), (await signError.textContent().catch(() => '')) ?? '').toBe(0);

      // The phone's session reaches nothing else of the account.
      const list = await pp.request.get(`${site}/api/contracts`);
      expect(list.status()).toBe(403);

      // The computer's page follows: the QR code closes and the party shows signed.
      await dp.locator('[data-testid=contract-party][data-status=signed]').waitFor({ timeout: 30_000 });
      expect(await qr.count()).toBe(0);
      await settled(dp);
      await dp.screenshot({ path: join(SHOTS, 'contract-handoff-done-1366.png'), fullPage: true });

      // The QR code was used: scanning it again explains, in the phone's language.
      const again = await phone.newPage();
      await again.goto(url);
      await again.getByTestId('contract-on-phone-failed').waitFor();
      expect(await again.getByTestId('contract-on-phone-failed').textContent()).toContain(
        '二维码已过期或已被使用',
      );
      await again.screenshot({ path: join(SHOTS, 'contract-handoff-used-375.png') });
      expect([...deskErrors, ...phoneErrors]).toEqual([]);
    } finally {
      await desk.close();
      await phone.close();
    }
  }, 180_000);
});
