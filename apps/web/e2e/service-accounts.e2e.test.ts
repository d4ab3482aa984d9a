// 签章服务账号 in headless Chromium: the seal office creates a service account for the OA system with
// its scope at 1366 px and copies the key shown once; the security admin approves it on a phone
// (375 px); the key then stamps a PDF through the service API, and the seal office sees it active.
import { join } from 'node:path';
import type { UsableSeal } from '@openseal/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  okButton,
  pageErrors,
  pick,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const title = hasChromium
  ? 'service accounts console page in headless Chromium'
  : `service accounts console page in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    server = await startE2eServer('service-accounts');
    ({ base, browser } = server);
  }, 400_000);
  afterAll(() => server?.close());

  it('creates an account with its key shown once, approved by the security admin on a phone, then stamps', async () => {
    const office = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await office.newPage();
    const errors = pageErrors(page);
    let key = '';
    try {
      await signIn(page, base, 'sealadmin', server.password('sealadmin'));
      await page.getByTestId('nav-menu').getByText('签章服务账号').click();
      await page.waitForURL(/\/service-accounts$/);
      await page.getByTestId('svc-new').click();
      await page.getByTestId('svc-name').fill('oa-hall');
      await page.getByTestId('svc-display-name').fill('网上办事大厅');
      await pick(page, 'svc-seals', '成绩专用章');
      await page.keyboard.press('Escape');
      await page.getByTestId('svc-operations').getByText('批量盖章').click();
      await page.getByTestId('svc-ip').click();
      await page.keyboard.type('127.0.0.1/32');
      await page.keyboard.press('Enter');
      await page.getByTestId('svc-create-submit').click();
      await page.getByTestId('svc-key').waitFor();
      key = (await page.getByTestId('svc-key').textContent())?.trim() ?? '';
      expect(key).toMatch(/^osk_/);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'service-accounts-key-1366.png') });
      await okButton(page)
        .or(page.getByRole('button', { name: '已完成' }))
        .first()
        .click();
      await expect.poll(async () => page.getByTestId('svc-status').first().textContent()).toBe('待审批');
      // The list never carries the key again.
      expect(await (await page.request.get(`${base}/api/service-accounts`)).text()).not.toContain(key);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'service-accounts-1366.png') });
      expect(errors).toEqual([]);
    } finally {
      await office.close();
    }

    // Pending: the key is refused.
    const pdf = await (async () => {
      const doc = await PDFDocument.create();
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.addPage([595, 842]).drawText('OA approval form', { x: 72, y: 760, size: 18, font });
      return Buffer.from(await doc.save());
    })();
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const usable = (await (await fetch(`${base}/api/seals/usable`, creator)).json()) as UsableSeal[];
    const sealId = usable.find((u) => u.seal.name.includes('成绩专用章'))?.seal.id;
    if (!sealId) throw new Error('the demo has no 成绩专用章');
    const stamp = () =>
      fetch(
        `${base}/api/service/v1/seals/${sealId}/stamp?documentType=official-letter&purpose=OA&placement=page&page=1&x=300&y=300`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/pdf' },
          body: pdf,
        },
      );
    const refused = await stamp();
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_SERVICE_ACCOUNT_INACTIVE');

    const secret = await enrolTotp(base, 'secadmin', server.password('secadmin'));
    const phone = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
    });
    const mobile = await phone.newPage();
    const mobileErrors = pageErrors(mobile);
    try {
      await signIn(mobile, base, 'secadmin', server.password('secadmin'), secret);
      await mobile.goto(`${base}/service-accounts`);
      await expect
        .poll(async () => mobile.getByTestId('svc-pending').textContent())
        .toContain('网上办事大厅');
      await settled(mobile);
      await mobile.screenshot({ path: join(SHOTS, 'service-accounts-pending-375.png'), fullPage: true });
      await mobile.getByTestId('svc-approve').click();
      await expect
        .poll(async () => mobile.getByTestId('svc-pending').textContent())
        .toContain('没有待审批的服务账号');
      expect(mobileErrors).toEqual([]);
    } finally {
      await phone.close();
    }

    const stamped = await stamp();
    expect(stamped.status).toBe(200);
    expect(stamped.headers.get('content-type')).toBe('application/pdf');
    await stamped.arrayBuffer();

    const officePhone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const officePage = await officePhone.newPage();
    try {
      await signIn(officePage, base, 'sealadmin', server.password('sealadmin'));
      await officePage.goto(`${base}/service-accounts`);
      await expect
        .poll(async () => officePage.getByTestId('svc-status').first().textContent())
        .toBe('已生效');
      await settled(officePage);
      await officePage.screenshot({ path: join(SHOTS, 'service-accounts-375.png'), fullPage: true });
    } finally {
      await officePhone.close();
    }
  }, 240_000);
});
