import { join } from 'node:path';
import type { ApprovalRequest, Seal } from '@openseal/contract';
import { startWecomTestServer, type WecomTestServer } from '@openseal/server/test-support';
import { PDFDocument, StandardFonts } from 'pdf-lib';
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
  switchOn,
} from './e2e-support.ts';
import { enrolTotp, totpNow } from './enrol-totp.ts';

// Issue 15's check of WeChat Work: the system admin configures the app in the console, a request is
// filed, WeChat Work (a local server following its published API) receives the textcard for the
// approver, and the approver opens its link in WeCom's own browser on a phone, is signed in by the
// app's OAuth and approves.

const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
/** WeCom's in-app browser on an iPhone, as it names itself. */
const WXWORK_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.26 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';
const LEADER_WECOM_ID = 'T2026000031';
const SECADMIN_WECOM_ID = 'T2026000007';

const title = hasChromium
  ? 'WeChat Work in headless Chromium'
  : `WeChat Work in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText('Cooperation agreement', { x: 72, y: 760, size: 18, font });
  return doc.save();
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let wecom: WecomTestServer;

  beforeAll(async () => {
    server = await startE2eServer('im-apps');
    wecom = await startWecomTestServer([
      { userid: LEADER_WECOM_ID, name: '教务处处长' },
      { userid: SECADMIN_WECOM_ID, name: '安全管理员' },
    ]);
    // Their 工号 are their WeCom userids (directory sync keeps campus IDs; set here).
    const db = (
      server.app as unknown as {
        db: import('kysely').Kysely<{ users: { username: string; campus_id: string | null } }>;
      }
    ).db;
    for (const [username, campusId] of [
      ['leader', LEADER_WECOM_ID],
      ['secadmin', SECADMIN_WECOM_ID],
    ] as const)
      await db.updateTable('users').set({ campus_id: campusId }).where('username', '=', username).execute();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await wecom?.close();
  });

  it('the system admin configures WeChat Work on the console page (1366 and 375 px); sign-in offers 扫码登录', async () => {
    const { base, browser } = server;
    const secret = await enrolTotp(base, 'sysadmin', server.password('sysadmin'));
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await signIn(page, base, 'sysadmin', server.password('sysadmin'), secret);
      await page.getByTestId('nav-menu').getByText('企业微信与钉钉').click();
      const card = page.getByTestId('im-app-wecom');
      await card.waitFor();
      await page.getByTestId('im-wecom-corp-id').fill(wecom.corpId);
      await page.getByTestId('im-wecom-agent-id').fill(wecom.agentId);
      await page.getByTestId('im-wecom-secret').fill(wecom.secret);
      await page.getByTestId('im-wecom-token').fill(wecom.token);
      await page.getByTestId('im-wecom-aes-key').fill(wecom.encodingAesKey);
      await page.getByTestId('im-wecom-api-base').fill(wecom.baseUrl);
      await switchOn(page.getByTestId('im-wecom-enabled'));
      await page.getByTestId('im-wecom-save').click();
      // Saved: the secrets are now only said to be set, never shown.
      await expect
        .poll(() => page.getByTestId('im-wecom-secret').getAttribute('placeholder'))
        .toBe('已设置（留空则保持不变）');
      expect(await page.getByTestId('im-wecom-secret').inputValue()).toBe('');
      expect(await card.textContent()).toContain('/api/im-apps/wecom/callback');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'im-apps-settings-1366.png'), fullPage: true });
      await page.setViewportSize({ width: 375, height: 812 });
      await settled(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: join(SHOTS, 'im-apps-settings-375.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // A kiosk's browser: the sign-in page offers WeCom's QR login.
    const kiosk = await browser.newContext(DESKTOP);
    try {
      const login = await kiosk.newPage();
      await login.goto(`${base}/login`);
      const qr = login.getByTestId('im-sign-in-wecom');
      expect(await qr.textContent()).toBe('企业微信扫码登录');
      expect(await qr.getAttribute('href')).toBe('/api/auth/im/wecom/start?mode=qr');
    } finally {
      await kiosk.close();
    }
  }, 120_000);

  it('a teacher in the WeChat Work in-app flow approves a request from the message link at 375 px', async () => {
    const { base, browser } = server;
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
      const res = await fetch(`${base}${path}`, {
        ...init,
        headers: { ...creator.headers, 'content-type': 'application/json' },
      });
      const text = await res.text();
      expect(res.ok, `${path}: ${text}`).toBe(true);
      return JSON.parse(text) as T;
    };
    const seals = await call<Seal[]>('/api/seals/requestable');
    const seal = seals.find((s) => s.name === '示范大学合同专用章');
    if (!seal) throw new Error('no contract seal');
    const request = await call<ApprovalRequest>('/api/requests/use', {
      method: 'POST',
      body: JSON.stringify({
        type: 'seal.use',
        payload: {
          sealId: seal.id,
          documentType: 'contract',
          purpose: '与示例公司签订合作协议',
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
        },
        file: await stageUpload(base, creator, 'agreement.pdf', await onePagePdf()),
      }),
    });

    // The messages worker tells the approver: WeCom receives one textcard for the head of 教务处.
    await expect
      .poll(() => wecom.messages.filter((m) => m.touser === LEADER_WECOM_ID).length, { timeout: 60_000 })
      .toBe(1);
    const card = wecom.messages.find((m) => m.touser === LEADER_WECOM_ID)?.textcard;
    expect(card?.title).toContain('待您审批');
    const link = new URL(card?.url ?? '');
    expect(link.pathname).toBe('/api/auth/im/wecom/start');
    expect(link.searchParams.get('next')).toBe(`/requests/${request.id}`);

    // The teacher taps it in WeCom: its browser has no session; WeCom's OAuth signs them in.
    wecom.signedIn = LEADER_WECOM_ID;
    const context = await browser.newContext({ ...PHONE, userAgent: WXWORK_UA });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(link.toString());
      await page.getByTestId('request-title').waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe(`/requests/${request.id}`);
      expect(await page.getByTestId('current-user').textContent()).toContain('教务处处长');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.getByTestId('action-comment').fill('同意（企业微信内审批）');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'im-apps-wecom-approve-375.png') });
      await page.getByTestId('action-approve').click();
      const step = page.locator('[data-testid=request-step][data-step=head]');
      await expect.poll(() => step.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
      expect(await step.textContent()).toContain('同意（企业微信内审批）');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('a security admin signed in by WeChat Work still gives their second factor', async () => {
    const { base, browser } = server;
    const secret = await enrolTotp(base, 'secadmin', server.password('secadmin'));
    wecom.signedIn = SECADMIN_WECOM_ID;
    const context = await browser.newContext({ ...PHONE, userAgent: WXWORK_UA });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/api/auth/im/wecom/start?mode=app&next=%2Falerts`);
      await page.getByTestId('im-totp').fill(totpNow(secret));
      await page.getByTestId('im-totp-submit').click();
      await page.getByTestId('current-user').waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe('/alerts');
      expect(await page.getByTestId('current-user').textContent()).toContain('安全管理员');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
