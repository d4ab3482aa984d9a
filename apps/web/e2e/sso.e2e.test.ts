import { join } from 'node:path';
import {
  type CasTestServer,
  type OidcTestProvider,
  saveSsoProvider,
  startCasTestServer,
  startOidcTestProvider,
} from '@openseal/server/test-support';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  startE2eServer,
  submitUntilUnderWay,
} from './e2e-support.ts';

// Issue 15's check of single sign-on: the demo student signs in through the school's identity, once
// at a real OpenID Provider (oidc-provider) and once at a CAS 3.0 server, and gets a transcript.

const DESKTOP = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const CLAIMS = { campusId: 'student_id', unit: 'unit', name: 'name' };

const title = hasChromium
  ? 'single sign-on in headless Chromium'
  : `single sign-on in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let op: OidcTestProvider;
  let cas: CasTestServer;
  let studentNo: string;

  beforeAll(async () => {
    server = await startE2eServer('sso');
    // The server's decorations, which E2eServer's FastifyInstance type does not carry.
    type Save = Parameters<typeof saveSsoProvider>;
    const app = server.app as unknown as { db: Save[0]; secrets: Save[1] };
    const { base } = server;
    op = await startOidcTestProvider({
      redirectUris: [`${base}/api/auth/sso/campus/callback`],
      postLogoutRedirectUris: [`${base}/login`],
      accounts: [
        { sub: 'u-student', claims: { student_id: 'S-SSO-1', unit: '计算机学院', name: '示范学生' } },
      ],
    });
    cas = await startCasTestServer([
      { username: 'S-SSO-1', password: 'cas-pass-1', attributes: { unit: '计算机学院', name: '示范学生' } },
    ]);
    studentNo = 'S-SSO-1';
    const now = new Date();
    await app.db.transaction().execute(async (trx) => {
      await saveSsoProvider(
        trx,
        app.secrets,
        'campus',
        {
          kind: 'oidc',
          name: 'OIDC',
          enabled: true,
          issuer: op.issuer,
          clientId: op.clientId,
          clientSecret: op.clientSecret,
          scopes: 'openid profile campus',
          claims: CLAIMS,
        },
        now,
      );
      await saveSsoProvider(
        trx,
        app.secrets,
        'cas',
        {
          kind: 'cas',
          name: 'CAS',
          enabled: true,
          baseUrl: cas.baseUrl,
          version: 3,
          claims: { ...CLAIMS, campusId: 'user' },
        },
        now,
      );
    });
    await app.db
      .updateTable('users')
      .set({ campus_id: studentNo })
      .where('username', '=', 'student')
      .execute();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await op?.close();
    await cas?.close();
  });

  /** In the portal, requests a transcript that needs no approval and waits until it is issued. */
  async function requestTranscript(page: Page, shot: string): Promise<void> {
    await page.goto(`${server.base}/portal`);
    await page.getByTestId('portal-types').waitFor({ timeout: 30_000 });
    const cards = page.locator(
      '[data-testid=portal-type][data-available=true][data-requires-approval=false]',
    );
    const codes = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-code') ?? ''));
    const typeCode =
      codes.find((c) => c === 'major-transcript-zh') ?? codes.find((c) => c.includes('transcript'));
    expect(typeCode, codes.join(', ')).toBeDefined();
    const card = page.locator(`[data-testid=portal-type][data-code="${typeCode}"]`);
    await card.getByTestId('portal-apply').click();
    await page.getByTestId('apply-purpose').fill('统一身份认证登录后申请');
    await settled(page);
    const answer = page.getByTestId('apply-issued').or(page.getByTestId('apply-error'));
    await submitUntilUnderWay(page.getByTestId('apply-submit'), answer);
    await answer.waitFor({ timeout: 90_000 }).catch(async (e: unknown) => {
      await page.screenshot({ path: join(SHOTS, `${shot}-failed.png`), fullPage: true });
      throw e;
    });
    expect(await page.getByTestId('apply-error').count(), (await answer.textContent()) ?? '').toBe(0);
  }

  it('signs the student in at the OpenID Provider and gets a transcript (1366 px)', async () => {
    const context = await server.browser.newContext(DESKTOP);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${server.base}/login`);
      await page.getByTestId('sso-start-campus').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'sso-login.png') });
      await page.getByTestId('sso-start-campus').click();
      // The provider's own sign-in page, then its consent page.
      await page.locator('input[name=login]').waitFor();
      expect(new URL(page.url()).origin).toBe(op.issuer);
      await page.locator('input[name=login]').fill('u-student');
      await page.locator('input[name=password]').fill('any');
      await page.locator('button[type=submit]').click();
      await page.locator('button[type=submit]').click();
      await page.waitForURL((url) => url.origin === server.base && !url.pathname.startsWith('/login'), {
        timeout: 30_000,
      });
      await requestTranscript(page, 'sso-oidc');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'sso-oidc-transcript.png'), fullPage: true });
      // Signing out of the console ends the session at the provider too (its end-session page).
      await page.getByTestId('apply-close').click();
      await page.getByTestId('logout').click();
      await page.waitForURL((url) => url.origin === op.issuer, { timeout: 30_000 });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('signs the student in at the CAS server and gets a transcript (375 px)', async () => {
    const context = await server.browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${server.base}/login`);
      await page.getByTestId('sso-start-cas').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'sso-login-phone.png'), fullPage: true });
      await page.getByTestId('sso-start-cas').click();
      await page.locator('#username').waitFor();
      await page.locator('#username').fill(studentNo);
      await page.locator('#password').fill('cas-pass-1');
      await page.locator('#login').click();
      await page.waitForURL((url) => url.origin === server.base && !url.pathname.startsWith('/login'), {
        timeout: 30_000,
      });
      await requestTranscript(page, 'sso-cas');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'sso-cas-transcript-phone.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
