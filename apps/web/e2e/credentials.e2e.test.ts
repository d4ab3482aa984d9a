import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/i18n/zh-CN.ts';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  pdfsig,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';

// The acceptance test of trusted e-credentials: a student requests a transcript in the portal,
// downloads it, and a stranger holding the paper scans its QR code and checks it.

// The public pages follow the browser's language: these browsers ask for Chinese.
const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN' };
const ZBARIMG = '/usr/bin/zbarimg';
const hasZbar = existsSync(ZBARIMG);
const QR_URL = /^(https?:\/\/[^/]+)\/v\/([0-9A-Z]{8})\?c=([0-9A-Z]{8})$/;

/** Page 1 drawn at 150 dpi by poppler, then its QR code read by zbar: what a phone camera would see. */
function scanQr(pdfPath: string, dir: string): string {
  const png = join(dir, 'page1');
  execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', pdfPath, png]);
  return execFileSync(ZBARIMG, ['-q', '--raw', `${png}.png`], { encoding: 'utf8' }).trim();
}

/**
 * A copy with page 1's content changed after sealing, its length kept: a digit of the page's content
 * stream one higher when the stream is plain text (a grade edited), else one bit of its compressed data.
 */
async function withPageContentEdited(file: Uint8Array): Promise<{ bytes: Uint8Array; how: string }> {
  const doc = await PDFDocument.load(file, { updateMetadata: false });
  const contents = doc.getPage(0).node.get(PDFName.of('Contents'));
  const ref = contents instanceof PDFArray ? contents.get(0) : contents;
  const objectNumber = ref instanceof PDFRef ? ref.objectNumber : null;
  if (objectNumber === null) throw new Error('page 1 has no content stream reference');
  const text = Buffer.from(file).toString('latin1');
  const header = [...text.matchAll(new RegExp(`(?:^|\\s)${objectNumber} 0 obj`, 'g'))].at(-1);
  if (header?.index === undefined) throw new Error(`object ${objectNumber} not found`);
  const keyword = text.indexOf('stream', header.index);
  const start = keyword + 'stream'.length + (text[keyword + 6] === '\r' ? 2 : 1);
  const end = text.indexOf('endstream', start);
  const copy = Uint8Array.from(file);
  if (!/\/Filter/.test(text.slice(header.index, keyword))) {
    const middle = start + Math.floor((end - start) / 2);
    const at = text.slice(middle, end).search(/[0-8]/);
    if (at >= 0) {
      copy[middle + at] = (copy[middle + at] as number) + 1;
      return { bytes: copy, how: `digit at ${middle + at} of plain content stream ${objectNumber}` };
    }
  }
  const at = start + Math.floor((end - start) / 2);
  copy[at] = (copy[at] as number) ^ 0x01;
  return { bytes: copy, how: `bit at ${at} of content stream ${objectNumber}` };
}

/**
 * A copy with an incremental update appended (ISO 32000-1 7.5.6), as an editor would save it: page 1's
 * content stream is replaced by the sealed one plus a white box over part of the grade table. The
 * sealed revision stays byte-for-byte intact, so only the modification check can catch it.
 */
async function withRevisionAppended(file: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(file, { updateMetadata: false });
  const ref = doc.getPage(0).node.get(PDFName.of('Contents'));
  if (!(ref instanceof PDFRef)) throw new Error('page 1 has no single content stream');
  const text = Buffer.from(file).toString('latin1');
  const header = [...text.matchAll(new RegExp(`(?:^|\\s)${ref.objectNumber} 0 obj`, 'g'))].at(-1);
  if (header?.index === undefined) throw new Error(`object ${ref.objectNumber} not found`);
  const keyword = text.indexOf('stream', header.index);
  const dict = text.slice(header.index, keyword);
  const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
  const start = keyword + 'stream'.length + (text[keyword + 6] === '\r' ? 2 : 1);
  const raw = Buffer.from(file.subarray(start, start + length));
  const content = /\/FlateDecode/.test(dict) ? inflateSync(raw).toString('latin1') : raw.toString('latin1');
  const edited = `${content}\nq 1 1 1 rg 300 400 200 120 re f Q\n`;
  const trailer = /^trailer\s*<<([\s\S]*)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(
    text.slice(text.lastIndexOf('trailer')),
  );
  if (!trailer?.[1] || !trailer[2]) throw new Error('no classic trailer at the end of the file');
  const keep = trailer[1].replace(/\/Prev \d+/, '').trim();
  const objectAt = file.length + 1;
  const object = `\n${ref.objectNumber} 0 obj\n<</Length ${edited.length}>>\nstream\n${edited}\nendstream\nendobj\n`;
  const xrefAt = file.length + object.length;
  const tail =
    `xref\n${ref.objectNumber} 1\n${String(objectAt).padStart(10, '0')} 00000 n\r\n` +
    `trailer\n<<${keep} /Prev ${trailer[2]}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([Buffer.from(file), Buffer.from(object + tail, 'latin1')]));
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

const skipReason = !hasChromium
  ? `${CHROMIUM} is missing`
  : !hasZbar
    ? `${ZBARIMG} is missing (apt-get install zbar-tools)`
    : '';
const title = skipReason
  ? `trusted e-credentials in headless Chromium — SKIPPED: ${skipReason}`
  : 'trusted e-credentials in headless Chromium';

describe.skipIf(skipReason !== '')(title, () => {
  let server: E2eServer;
  let base: string;
  let browser: Browser;
  /** Filled by the first test, used by those after it. */
  const issued = { path: '', typeCode: '', typeName: '', qrUrl: '', publicId: '', code: '' };

  beforeAll(async () => {
    server = await startE2eServer('credentials');
    ({ base, browser } = server);
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  async function signedIn(
    username: string,
    options: object,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, base, username, server.password(username));
    return { context, page };
  }

  async function upload(page: Page, path: string): Promise<string | null> {
    await page.goto(`${base}/verify`);
    await page.getByTestId('verify-page').locator('input[type=file]').setInputFiles(path);
    await page.getByTestId('verify-result').or(page.getByTestId('verify-error')).waitFor({ timeout: 60_000 });
    await settled(page);
    return page.getByTestId('verify-result').getAttribute('data-verdict');
  }

  it('lets the student preview, request and download a transcript whose QR code opens the archived original', async () => {
    const { context, page } = await signedIn('student', DESKTOP);
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/portal`);
      const cards = page.locator(
        '[data-testid=portal-type][data-available=true][data-requires-approval=false]',
      );
      await page.getByTestId('portal-types').waitFor({ timeout: 30_000 });
      const codes = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-code') ?? ''));
      const typeCode =
        codes.find((c) => c === 'major-transcript-zh') ?? codes.find((c) => c.includes('transcript')) ?? '';
      expect(typeCode, `available types without approval: ${codes.join(', ')}`).not.toBe('');
      const card = page.locator(`[data-testid=portal-type][data-code="${typeCode}"]`);
      issued.typeCode = typeCode;
      issued.typeName = (await card.locator('strong').first().textContent()) ?? '';

      // Preview: the student's own data, unsigned, drawn by pdf.js.
      await card.getByTestId('portal-preview').click();
      const preview = page.getByTestId('credential-preview');
      await expect
        .poll(async () => Number(await preview.getAttribute('data-pages')), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await preview.getByTestId('pdf-page').first().waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'portal-preview.png') });
      await page.keyboard.press('Escape');
      await preview.waitFor({ state: 'detached' });

      // Request: a type without approval is issued at once.
      await card.getByTestId('portal-apply').click();
      await page.getByTestId('apply-purpose').fill('留学申请');
      await page.getByTestId('apply-submit').click();
      const answer = page.getByTestId('apply-issued').or(page.getByTestId('apply-error'));
      await answer.waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('apply-error').count(), (await answer.textContent()) ?? '').toBe(0);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByTestId('apply-download').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^${typeCode}-[0-9A-Z]{8}\\.pdf$`));
      issued.path = join(server.dir, 'credential.pdf');
      await download.saveAs(issued.path);
      expect(readFileSync(issued.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page.getByTestId('apply-close').click();

      // It is listed under "my credentials", valid.
      const row = page.getByTestId('my-credential').first();
      await row.waitFor();
      expect(await row.getByTestId('credential-status').getAttribute('data-status')).toBe('issued');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'portal.png'), fullPage: true });

      // The QR code on page 1, read from pixels, is the public URL with the printed code.
      issued.qrUrl = scanQr(issued.path, server.dir);
      const match = QR_URL.exec(issued.qrUrl);
      expect(match, issued.qrUrl).not.toBeNull();
      issued.publicId = match?.[2] ?? '';
      issued.code = match?.[3] ?? '';
      expect(download.suggestedFilename()).toBe(`${typeCode}-${issued.publicId}.pdf`);
      const printed = (await page.getByTestId('my-credential-code').first().textContent()) ?? '';
      expect(printed.replace('-', '')).toBe(issued.code);

      // A validator we did not write trusts the seal (chain and OCSP from this server's PKI).
      const checked = await pdfsig(issued.path, server.pki.root.certificate.toPem());
      expect(checked.valid, checked.output).toBe(true);
      expect(checked.trusted, checked.output).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it('opens the scanned URL on a 375-px phone without signing in: authentic and current, with the original page by page', async () => {
    expect(issued.qrUrl).not.toBe('');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await page.goto(issued.qrUrl);
      await page.getByTestId('credential-result').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('credential-verdict').getAttribute('data-verdict')).toBe('current');
      expect(await page.getByTestId('credential-verdict-title').textContent()).toBe(
        zhCN['credential.view.current'],
      );
      expect(await page.getByTestId('credential-type').textContent()).toBe(issued.typeName);
      expect(((await page.getByTestId('credential-holder').textContent()) ?? '').length).toBeGreaterThan(0);
      expect(((await page.getByTestId('credential-seals').textContent()) ?? '').length).toBeGreaterThan(0);
      const original = page.getByTestId('credential-original');
      await expect
        .poll(async () => Number(await original.getAttribute('data-pages')), { timeout: 30_000 })
        .toBeGreaterThan(0);
      const pages = Number(await original.getAttribute('data-pages'));
      await expect.poll(() => original.getByTestId('pdf-page').count()).toBe(pages);
      await settled(page);
      // The page is drawn, not blank, and fits the phone's width.
      const box = await original.getByTestId('pdf-page').first().boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 375).toBe(true);
      await noSidewaysScroll(page);
      await page.screenshot({ path: join(SHOTS, 'credential-view-phone.png'), fullPage: true });

      // The experts' report is the same verification view as on /verify, for the archived original.
      await page.getByText(zhCN['credential.view.expert']).click();
      await expect
        .poll(() => page.getByTestId('verify-result').getAttribute('data-verdict'))
        .toBe('authentic');

      // In English too.
      await page.getByTestId('language-switch').click();
      await expect
        .poll(() => page.getByTestId('credential-verdict-title').textContent())
        .toBe('Authentic and current');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('asks for the code when the URL has none, and says "not found" for a wrong one', async () => {
    expect(issued.publicId).not.toBe('');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    try {
      await page.goto(`${base}/v/${issued.publicId}`);
      await page.getByTestId('credential-ask-code').waitFor();
      const wrong = issued.code.startsWith('2222') ? '33333333' : '22222222';
      await page.getByTestId('code-code').fill(`${wrong.slice(0, 4)}-${wrong.slice(4)}`);
      await page.getByTestId('code-submit').click();
      await expect
        .poll(() => page.getByTestId('credential-verdict').getAttribute('data-verdict'))
        .toBe('not-found');
      // The right code, typed in lower case with its dash, opens the credential.
      await page
        .getByTestId('code-code')
        .fill(`${issued.code.slice(0, 4)}-${issued.code.slice(4)}`.toLowerCase());
      await page.getByTestId('code-submit').click();
      await expect
        .poll(() => page.getByTestId('credential-verdict').getAttribute('data-verdict'), { timeout: 30_000 })
        .toBe('current');
      expect(page.url()).toBe(`${base}/v/${issued.publicId}?c=${issued.code}`);

      // From /verify, the number and the code lead to the same page.
      await page.goto(`${base}/verify`);
      await page.getByTestId('code-form').waitFor();
      await noSidewaysScroll(page);
      await page.screenshot({ path: join(SHOTS, 'verify-code-phone.png'), fullPage: true });
      await page.getByTestId('code-public-id').fill(issued.publicId.toLowerCase());
      await page.getByTestId('code-code').fill(issued.code);
      await page.getByTestId('code-submit').click();
      await page.waitForURL(`${base}/v/${issued.publicId}?c=${issued.code}`);
      await page.getByTestId('credential-result').waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('says the downloaded file is authentic and current on /verify, and an edited copy is not authentic', async () => {
    expect(issued.path).not.toBe('');
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      expect(await upload(page, issued.path)).toBe('authentic');
      expect(await page.getByTestId('archived-status').getAttribute('data-status')).toBe('issued');

      const edited = await withPageContentEdited(new Uint8Array(readFileSync(issued.path)));
      const editedPath = join(server.dir, 'credential-edited.pdf');
      writeFileSync(editedPath, edited.bytes);
      const verdict = await upload(page, editedPath);
      expect(verdict, edited.how).not.toBe('authentic');
      expect(await page.getByTestId('verify-verdict').textContent()).toBe(zhCN['verify.verdict.failed']);
      // The edited bytes are not the archived file.
      expect(await page.getByTestId('archived-status').count()).toBe(0);

      // A page edited in a later revision, the seal's own bytes untouched: modified after sealing.
      const revisedPath = join(server.dir, 'credential-revised.pdf');
      writeFileSync(revisedPath, await withRevisionAppended(new Uint8Array(readFileSync(issued.path))));
      expect(await upload(page, revisedPath)).toBe('modified');
      expect(await page.getByTestId('verify-verdict').textContent()).toBe(zhCN['verify.verdict.failed']);
      expect(await page.getByTestId('archived-status').count()).toBe(0);
      await noSidewaysScroll(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows the student the portal on a 375-px phone: the cards, the request and the credential list fit', async () => {
    const { context, page } = await signedIn('student', PHONE);
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/portal`);
      await page.getByTestId('portal-types').waitFor({ timeout: 30_000 });
      await page.getByTestId('my-credential').first().waitFor();
      await settled(page);
      await noSidewaysScroll(page);
      const card = page.locator(`[data-testid=portal-type][data-code="${issued.typeCode}"]`);
      const box = await card.boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 999) <= 375).toBe(true);
      const download = await page.getByTestId('my-credential-download').first().boundingBox();
      expect((download?.x ?? 999) + (download?.width ?? 0)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: join(SHOTS, 'portal-phone.png'), fullPage: true });
      // The request dialog fits too; a type that needs approval goes to 我的申请.
      const needsApproval = page.locator(
        '[data-testid=portal-type][data-available=true][data-requires-approval=true]',
      );
      await needsApproval.first().getByTestId('portal-apply').click();
      const submit = await page.getByTestId('apply-submit').boundingBox();
      expect((submit?.x ?? 999) + (submit?.width ?? 0)).toBeLessThanOrEqual(375);
      await page.getByTestId('apply-submit').click();
      const link = page.getByTestId('apply-request-link');
      await link.waitFor({ timeout: 30_000 });
      const requestId = (await link.getAttribute('data-request-id')) ?? '';
      await link.click();
      await page.waitForURL(`${base}/requests/mine`);
      await page.locator(`[data-testid=request-row][data-id="${requestId}"]`).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('lets the file admin find the credential in the archive and revoke it with a reason; the QR page then says REVOKED', async () => {
    expect(issued.publicId).not.toBe('');
    const { context, page } = await signedIn('fileadmin', DESKTOP);
    const errors = pageErrors(page);
    try {
      await page.goto(`${base}/archive?typeCode=${issued.typeCode}`);
      const row = page.getByTestId('archive-row').filter({ hasText: issued.publicId });
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await expect
        .poll(() => page.getByTestId('archive-code').textContent())
        .toBe(`${issued.code.slice(0, 4)}-${issued.code.slice(4)}`);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'archive-drawer.png') });
      await page.getByTestId('archive-revoke').click();
      // The reason is required.
      await page.getByTestId('revoke-confirm').click();
      await page.locator('.ant-form-item-explain-error').waitFor();
      const reason = '成绩更正，原件作废';
      await page.getByTestId('revoke-reason').fill(reason);
      await page.getByTestId('revoke-confirm').click();
      await expect
        .poll(() => page.getByTestId('archive-revoke-reason').textContent(), { timeout: 30_000 })
        .toBe(reason);
      await page.locator('.ant-drawer-close').click();
      await page.locator('.ant-drawer-mask').waitFor({ state: 'hidden' });

      // Retention per type: the file admin sets how long transcripts are kept.
      await page.getByRole('tab', { name: zhCN['archive.tab.retention'] }).click();
      // antd puts the test id on the <input> itself or on its wrapper, depending on the version.
      const yearsInput = () =>
        page.locator('input[data-testid=retention-years], [data-testid=retention-years] input').first();
      const years = yearsInput();
      await years.fill('35');
      await page.getByTestId('retention-save').first().click();
      await page.getByText(zhCN['archive.retention.saved']).waitFor();
      await page.reload();
      await page.getByRole('tab', { name: zhCN['archive.tab.retention'] }).click();
      await expect.poll(() => yearsInput().inputValue()).toBe('35');

      const reader = await browser.newContext(PHONE);
      try {
        const view = await reader.newPage();
        await view.goto(issued.qrUrl);
        await expect
          .poll(() => view.getByTestId('credential-verdict').getAttribute('data-verdict'), {
            timeout: 30_000,
          })
          .toBe('revoked');
        expect(await view.getByTestId('credential-verdict-detail').textContent()).toContain(reason);
        await settled(view);
        await view.screenshot({ path: join(SHOTS, 'credential-view-revoked-phone.png'), fullPage: true });
        expect(await upload(view, issued.path)).toBe('revoked');
        expect(await view.getByTestId('archived-status').getAttribute('data-status')).toBe('revoked');
        expect(await view.getByTestId('archived-status').textContent()).toContain(reason);
      } finally {
        await reader.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
