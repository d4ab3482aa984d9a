import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UsableSeal } from '@openseal/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  startE2eServer,
  switchOn,
} from './e2e-support.ts';
import { sealUseUrl } from './seal-use-url.ts';

// The public pages follow the browser's language: these browsers ask for Chinese.
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
const CONTRACT_SEAL = '示范大学合同专用章';

async function contractPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Technical Services Contract', { x: 72, y: 760, size: 18, font });
  page.drawText('Fee: 50,000 yuan', { x: 72, y: 700, size: 12, font });
  return doc.save({ useObjectStreams: false });
}

/** A copy with one byte of the first stream's data (the page content) changed, its length kept. */
function withOneByteChanged(file: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(file);
  const at = Buffer.from(copy).indexOf('stream\n', 0, 'latin1') + 'stream\n'.length + 4;
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

const title = hasChromium
  ? 'public verification page in headless Chromium'
  : `public verification page in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let dir: string;
  let browser: Browser;
  let base: string;
  let stampedPath: string;
  let editedPath: string;

  beforeAll(async () => {
    server = await startE2eServer('verify');
    ({ dir, base, browser } = server);

    // The creator stamps a contract through the API with the contract seal their grant allows.
    const session = await apiSession(base, 'creator', server.password('creator'));
    const usable = (await (await fetch(`${base}/api/seals/usable`, session)).json()) as UsableSeal[];
    const seal = usable.find((u) => u.seal.name === CONTRACT_SEAL)?.seal;
    if (!seal) throw new Error(`no ${CONTRACT_SEAL} among ${usable.map((u) => u.seal.name).join(', ')}`);
    const use = {
      placement: { kind: 'page', page: 1, x: 400, y: 200 },
      documentType: 'contract',
      purpose: 'service contract',
    } as const;
    const stamped = await fetch(sealUseUrl(base, seal.id, use), {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/pdf' },
      body: Buffer.from(await contractPdf()),
    });
    if (!stamped.ok) throw new Error(`stamping failed: HTTP ${stamped.status} ${await stamped.text()}`);
    const sealed = new Uint8Array(await stamped.arrayBuffer());
    stampedPath = join(dir, 'contract-sealed.pdf');
    editedPath = join(dir, 'contract-edited.pdf');
    writeFileSync(stampedPath, sealed);
    writeFileSync(editedPath, withOneByteChanged(sealed));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  async function upload(page: Page, path: string): Promise<void> {
    await page.getByTestId('verify-page').locator('input[type=file]').setInputFiles(path);
    await page.getByTestId('verify-result').or(page.getByTestId('verify-error')).waitFor({ timeout: 30_000 });
    await settled(page);
  }

  it('reaches the page from the login page without signing in, and says a stamped file is authentic, with the seal', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/login`);
      await page.getByTestId('login-verify-link').click();
      await page.waitForURL(`${base}/verify`);
      await expect.poll(() => page.getByTestId('verify-title').textContent()).toBe(zhCN['verify.title']);

      await upload(page, stampedPath);
      const result = page.getByTestId('verify-result');
      expect(await result.getAttribute('data-verdict')).toBe('authentic');
      expect(await page.getByTestId('verify-verdict').textContent()).toBe(zhCN['verify.verdict.authentic']);
      expect(await page.getByTestId('verify-seal-name').textContent()).toBe(CONTRACT_SEAL);
      expect(await page.getByTestId('verify-signed-at').textContent()).toContain(zhCN['verify.timestamped']);
      expect(await page.getByTestId('verify-ledger').getAttribute('data-in-ledger')).toBe('true');
      expect(await page.getByTestId('verify-ledger').textContent()).toBe(zhCN['verify.inLedger']);
      // The expert report opens on demand: a table, and the raw JSON behind a switch.
      await page.getByText(zhCN['verify.details']).click();
      await page.getByTestId('verify-tech-signature').first().waitFor();
      await switchOn(page.getByTestId('verify-raw-toggle'));
      await expect
        .poll(async () => (await page.getByTestId('verify-details').textContent()) ?? '')
        .toContain('"indication": "PASSED"');
      await page.screenshot({ path: join(SHOTS, 'verify-authentic-desktop.png'), fullPage: true });

      // The language switch turns the same verdict into English.
      await page.getByTestId('language-switch').click();
      await expect
        .poll(() => page.getByTestId('verify-verdict').textContent())
        .toBe(en['verify.verdict.authentic']);
      expect(await page.getByTestId('verify-summary').textContent()).toContain('Authentic and unmodified');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('says an edited copy is not authentic, and shows the verdict on a 375-px phone without sideways scrolling', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/verify`);
      await page.getByTestId('verify-title').waitFor();
      await upload(page, editedPath);
      expect(await page.getByTestId('verify-result').getAttribute('data-verdict')).not.toBe('authentic');
      expect(await page.getByTestId('verify-verdict').textContent()).toBe(zhCN['verify.verdict.failed']);
      expect(await page.getByTestId('verify-summary').textContent()).toContain('签章无效');
      expect(await page.getByTestId('verify-ledger').getAttribute('data-in-ledger')).toBe('false');
      expect(await page.getByTestId('verify-seal-name').textContent()).toBe(zhCN['verify.sealUnconfirmed']);
      await page.getByText(zhCN['verify.details']).click();
      await switchOn(page.getByTestId('verify-raw-toggle'));
      await page.getByTestId('verify-details').waitFor();
      await settled(page);
      const verdict = await page.getByTestId('verify-verdict').boundingBox();
      expect(verdict).not.toBeNull();
      expect((verdict?.x ?? -1) >= 0 && (verdict?.x ?? 0) + (verdict?.width ?? 0) <= 375).toBe(true);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      await page.screenshot({ path: join(SHOTS, 'verify-modified-phone.png'), fullPage: true });

      // Another file can be checked straight away: the stamped one passes on the phone too.
      await page.getByTestId('verify-again').click();
      await upload(page, stampedPath);
      expect(await page.getByTestId('verify-result').getAttribute('data-verdict')).toBe('authentic');
      const after = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(after).toBeLessThanOrEqual(375);
      await page.screenshot({ path: join(SHOTS, 'verify-authentic-phone.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
