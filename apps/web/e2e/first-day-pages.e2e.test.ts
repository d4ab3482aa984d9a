// Issue 12, "Speaking to users": the pages a student, an employer abroad, an approver, the archivist
// and the auditor meet on day one, in Chromium, with screenshots at 1366 and 375 px.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialDetail, PortalRequestResult } from '@openseal/contract';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  menuItems,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
  switchOn,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const SIZES = { '1366': WIDE, '375': PHONE } as const;
const TRANSCRIPT = 'major-transcript-en';

const title = hasChromium
  ? 'first-day pages in headless Chromium'
  : `first-day pages in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

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
  let issued: CredentialDetail;

  beforeAll(async () => {
    server = await startE2eServer('first-day');
    ({ browser, base } = server);
    // The demo student gets an English transcript from the portal, as a student would.
    const student = await apiSession(base, 'student', server.password('student'));
    const res = await fetch(`${base}/api/portal/credentials`, {
      method: 'POST',
      headers: { ...student.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ typeCode: TRANSCRIPT }),
    });
    if (!res.ok) throw new Error(`portal request: HTTP ${res.status} ${await res.text()}`);
    const result = (await res.json()) as PortalRequestResult;
    if (result.status !== 'issued') throw new Error(`expected an issued transcript, got ${result.status}`);
    issued = result.credential;
    // Building the console on a busy machine takes minutes.
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lets the system admin upload the school logo from the console', async () => {
    const secret = await enrolTotp(base, 'sysadmin', server.password('sysadmin'));
    const logo = join(server.dir, 'logo.svg');
    writeFileSync(
      logo,
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1d4e89"/><circle cx="32" cy="32" r="18" fill="#f5c242"/></svg>',
    );
    const context = await browser.newContext(WIDE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await signIn(page, base, 'sysadmin', server.password('sysadmin'), secret);
      await page.waitForURL(`${base}/org`);
      const card = page.getByTestId('school-card');
      await card.getByTestId('school-name-en').waitFor();
      await card.locator('input[type=file]').setInputFiles(logo);
      await card.getByTestId('school-logo-preview').waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('gives the console a favicon and the login page a help link to what each verdict means', async () => {
    for (const [size, options] of Object.entries(SIZES)) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const errors = pageErrors(page);
      try {
        await page.goto(`${base}/login`);
        await page.getByTestId('login-title').waitFor();
        // The school's name and the logo the system admin uploaded, drawn.
        expect(await page.getByTestId('school-name').textContent()).toBe('示范大学');
        const logo = page.getByTestId('school-logo');
        await expect
          .poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth))
          .toBeGreaterThan(0);
        const icon = await page.locator('link[rel=icon]').getAttribute('href');
        expect(icon).toBe('/favicon.svg');
        const served = await fetch(`${base}${icon}`);
        expect(served.status).toBe(200);
        expect(served.headers.get('content-type')).toContain('image/svg+xml');
        await settled(page);
        await noSidewaysScroll(page);
        await page.screenshot({ path: join(SHOTS, `first-day-login-${size}.png`), fullPage: true });

        await page.getByTestId('help-link').click();
        await page.waitForURL(`${base}/help/verify`);
        const verdicts = page.getByTestId('verify-help-verdicts');
        await verdicts.waitFor();
        // 'timestamped' is explained as a timestamp only, not a seal.
        expect(await verdicts.textContent()).toContain(zhCN['help.verdict.timestamped.text']);
        await settled(page);
        await page.screenshot({ path: join(SHOTS, `first-day-help-${size}.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('shows students only their portal, lands approvers on 待我审批, and the portal fits 1366 and 375 px', async () => {
    for (const [size, options] of Object.entries(SIZES)) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const errors = pageErrors(page);
      try {
        await signIn(page, base, 'student', server.password('student'));
        await page.waitForURL(`${base}/portal`);
        await page.getByTestId('portal-page').waitFor();
        await page.getByTestId('my-credential').first().waitFor();
        await settled(page);
        await noSidewaysScroll(page);
        // A full-page shot briefly resizes the window, which folds the menu at its breakpoint mid-shot.
        await page.screenshot({
          path: join(SHOTS, `first-day-portal-${size}.png`),
          fullPage: size === '375',
        });
        if (size === '1366')
          expect(await menuItems(page)).toEqual(['电子凭证', '我的申请', '合同签署', '验证']);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    const context = await browser.newContext(WIDE);
    const page = await context.newPage();
    try {
      await signIn(page, base, 'leader', server.password('leader'));
      await page.waitForURL(`${base}/requests/inbox`);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens the QR page in the browser’s language with a readable technical table, the JSON behind a switch', async () => {
    // The QR code's address on this server (the printed host is OPENSEAL_PUBLIC_URL's).
    const url = `${base}/v/${issued.publicId}?c=${issued.code.replace('-', '')}`;
    for (const [size, options] of Object.entries(SIZES)) {
      // An employer abroad: the browser asks for English, nothing was chosen on this site before.
      const context = await browser.newContext({ ...options, locale: 'en-US' });
      const page = await context.newPage();
      const errors = pageErrors(page);
      try {
        await page.goto(url);
        await page.getByTestId('credential-result').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('credential-view-title').textContent()).toBe(
          en['credential.view.title'],
        );
        expect(await page.getByTestId('credential-verdict-title').textContent()).toBe(
          en['credential.view.current'],
        );
        expect(await page.getByTestId('help-link').textContent()).toContain(en['help.link']);
        await expect
          .poll(() => page.getByTestId('credential-institution').textContent())
          .toBe('Demo University');
        // The original's pages render above the expert section and push it down: wait for them
        // before clicking below, or a click can land where the switch was a moment ago.
        await page
          .locator('[data-testid="credential-original"]:not([data-pages="0"])')
          .waitFor({ timeout: 60_000 });
        await settled(page);

        await page.getByText(en['credential.view.expert']).click();
        // "Sealed by" names the school in English, not as the certificate spells it.
        const facts = page.getByTestId('verify-facts');
        await expect.poll(async () => (await facts.textContent()) ?? '').toContain('Demo University');
        expect(await facts.textContent()).not.toContain('(示范大学)');
        await page.getByText(en['verify.details']).click();
        const table = page.getByTestId('verify-tech-signature').first();
        await table.waitFor();
        const text = (await table.textContent()) ?? '';
        for (const label of ['signer', 'issuer', 'algorithm', 'time', 'level', 'revocation'] as const)
          expect(text).toContain(en[`verify.tech.${label}`]);
        expect(text).toMatch(/ECDSA, 256-bit key, SHA-256/);
        expect(text).toContain('B-LT');
        expect(text).toContain(en['verify.tech.revocation.good']);
        // The raw report only on demand.
        expect(await page.getByTestId('verify-details').count()).toBe(0);
        await switchOn(page.getByTestId('verify-raw-toggle'));
        expect(await page.getByTestId('verify-details').textContent()).toContain('"indication": "PASSED"');
        await page.getByTestId('verify-raw-toggle').click();
        await settled(page);
        await noSidewaysScroll(page);
        await page.screenshot({ path: join(SHOTS, `first-day-credential-view-${size}.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 120_000);

  it('shows the verification page with its help link at 1366 and 375 px', async () => {
    const pdf = await fetch(`${base}/api/public/credentials/${issued.publicId}/pdf?code=${issued.code}`);
    expect(pdf.status).toBe(200);
    const path = join(server.dir, 'transcript.pdf');
    writeFileSync(path, new Uint8Array(await pdf.arrayBuffer()));
    for (const [size, options] of Object.entries(SIZES)) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const errors = pageErrors(page);
      try {
        await page.goto(`${base}/verify`);
        await page.getByTestId('verify-title').waitFor();
        await page.getByTestId('help-link').waitFor();
        await page.getByTestId('verify-page').locator('input[type=file]').setInputFiles(path);
        await page.getByTestId('verify-result').waitFor({ timeout: 30_000 });
        expect(await page.getByTestId('verify-result').getAttribute('data-verdict')).toBe('authentic');
        await settled(page);
        await noSidewaysScroll(page);
        await page.screenshot({ path: join(SHOTS, `first-day-verify-${size}.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 120_000);

  it('finds a credential in the archive by its verification code', async () => {
    const context = await browser.newContext(WIDE);
    const page = await context.newPage();
    try {
      await signIn(page, base, 'fileadmin', server.password('fileadmin'));
      await page.goto(`${base}/archive`);
      await page.getByTestId('archive-search-code').fill(issued.code.toLowerCase());
      await page.getByTestId('archive-search-submit').click();
      await expect.poll(() => page.url()).toContain(`code=${encodeURIComponent(issued.code.toLowerCase())}`);
      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain(issued.publicId);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('lets the auditor check the chain and export the log as CSV from the console', async () => {
    const secret = await enrolTotp(base, 'auditor', server.password('auditor'));
    const context = await browser.newContext({ ...WIDE, acceptDownloads: true });
    const page = await context.newPage();
    try {
      await signIn(page, base, 'auditor', server.password('auditor'), secret);
      await page.waitForURL(`${base}/audit`);
      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('audit-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^openseal-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const file = join(server.dir, 'audit.csv');
      await download.saveAs(file);
      expect(readFileSync(file, 'utf8')).toMatch(/^\uFEFFseq,time,actor,role/);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'first-day-audit-1366.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);
});
