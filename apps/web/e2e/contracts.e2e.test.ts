import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ContractDetail, ERROR_CODES, type VerificationResult } from '@openseal/contract';
import { createSoftHsmToken, hasSoftHsm, SOFTHSM_LIBRARY } from '@openseal/pki/test-support';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../src/i18n/zh-CN.ts';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  menuItems,
  okButton,
  pageErrors,
  pdfsig,
  pick,
  SHOTS,
  settled,
  signIn,
  stageUpload,
  startE2eServer,
  submitUntilUnderWay,
} from './e2e-support.ts';

// The acceptance test of contract signing: the creator starts a contract for the student and the
// school's contract seal; the student signs on a phone with a drawn signature and a key that never
// leaves the browser; the creator stamps; poppler's pdfsig finds both signatures valid.

const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const CONTRACT_SEAL = '示范大学合同专用章';
const CLI = fileURLToPath(new URL('../../cli/bin/openseal.js', import.meta.url));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../packages/pdf-sign/test/fixtures/${name}`, import.meta.url));
// A one-page certificate printed by Chromium, with CJK text and a 盖章处 line: readable in screenshots.
const CONTRACT_PDF = fixture('chromium-print.pdf');
// Three pages from MuPDF, one turned by /Rotate 90, for the contracts started through the API.
const SECOND_PDF = fixture('mupdf.pdf');

const title = hasChromium
  ? 'contract signing in headless Chromium'
  : `contract signing in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

const contractStatus = (page: Page) =>
  page.getByTestId('contract-detail').getByTestId('contract-status').getAttribute('data-status');

/** A stroke on the signature pad with the mouse, through `points` given as fractions of the pad. */
async function drawWithMouse(page: Page, points: readonly [number, number][]): Promise<void> {
  const box = await page.getByTestId('signature-pad').boundingBox();
  if (!box) throw new Error('the signature pad is not on screen');
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  const [first, ...rest] = points;
  if (!first) return;
  await page.mouse.move(...at(first));
  await page.mouse.down();
  for (const p of rest) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

/** A stroke with a finger: real touch events through the DevTools protocol (Playwright has no swipe). */
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

/** A citizen ID number with its GB 11643 check character (ISO 7064 MOD 11-2) after the 17 digits. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (weights[i] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

/** pdfsig's verdict on each signature, in the file's order. */
function signatureVerdicts(output: string): { valid: boolean; trusted: boolean; signer: string }[] {
  return output
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => ({
      valid: /- Signature Validation: Signature is Valid\./.test(block),
      trusted: /- Certificate Validation: Certificate is Trusted\./.test(block),
      signer: /- Signer Certificate Common Name: (.*)$/m.exec(block)?.[1]?.trim() ?? '',
    }));
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  async function session(username: string, options: BrowserContextOptions) {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    errors.push(pageErrors(page));
    await signIn(page, base, username, server.password(username));
    return page;
  }

  beforeAll(async () => {
    server = await startE2eServer('contracts');
    ({ base, browser } = server);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await server?.close();
  });

  it('creator starts a contract, the student signs on a phone, the creator stamps; pdfsig finds both signatures valid', async () => {
    // 1. The creator starts it in the console: the PDF, the student, then the contract seal, in order.
    const cp = await session('creator', WIDE);
    expect(await menuItems(cp)).toContain('合同签署');
    await cp.getByTestId('nav-menu').getByText('合同签署').click();
    await cp.waitForURL(`${base}/contracts`);
    await cp.getByTestId('contract-new').click();
    await cp.waitForURL(`${base}/contracts/new`);
    // A Word file is not previewed here: the page says the server converts it.
    await cp.locator('input[type=file]').setInputFiles({
      name: 'contract.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from('PK\u0003\u0004 not really a document'),
    });
    expect(await cp.getByTestId('contract-office-file').textContent()).toContain('由服务器转换为 PDF');
    await cp.getByRole('button', { name: '换一个文件' }).click();
    await cp.getByTestId('contract-title').fill('');
    await cp.locator('input[type=file]').setInputFiles(CONTRACT_PDF);
    await cp.getByTestId('pdf-page').waitFor();
    await expect.poll(() => cp.getByTestId('contract-new-page-number').textContent()).toBe('第 1 / 1 页');
    // The file's name is the first title; the creator gives it a proper one.
    expect(await cp.getByTestId('contract-title').inputValue()).toBe('chromium-print');
    await cp.getByTestId('contract-title').fill('技术服务合同（示范）');
    await cp.getByTestId('contract-party-username').fill('student');
    await cp.getByTestId('contract-party-add-person').click();
    await cp.getByTestId('contract-party-kind').getByText('单位').click();
    await pick(cp, 'contract-party-seal', CONTRACT_SEAL);
    await cp.getByTestId('contract-party-add-seal').click();
    const drafts = cp.getByTestId('contract-party-draft');
    await expect
      .poll(() => drafts.allTextContents())
      .toEqual([expect.stringContaining('student'), expect.stringContaining(CONTRACT_SEAL)]);
    // The same person twice is refused before the server is asked.
    await cp.getByTestId('contract-party-kind').getByText('个人').click();
    await cp.getByTestId('contract-party-username').fill('student');
    await cp.getByTestId('contract-party-add-person').click();
    expect(await cp.getByTestId('contract-party-problem').textContent()).toBe(
      zhCN['contracts.partyDuplicate'],
    );
    await cp.getByTestId('contract-party-username').fill('');
    // 抄送: the unit leader reads along and hears when it ends.
    await cp.getByTestId('contract-cc').locator('input').fill('leader');
    await cp.getByTestId('contract-cc').locator('input').press('Enter');
    await settled(cp);
    await noSidewaysScroll(cp);
    await cp.screenshot({ path: join(SHOTS, 'contract-new-1366.png'), fullPage: true });
    // The same form on a phone: the file above, the form below, nothing wider than the screen.
    const pp = await session('creator', PHONE);
    await pp.goto(`${base}/contracts/new`);
    await pp.locator('input[type=file]').setInputFiles(CONTRACT_PDF);
    await pp.getByTestId('pdf-page').waitFor();
    await pp.getByTestId('contract-party-username').fill('student');
    await pp.getByTestId('contract-party-add-person').click();
    await pp.getByTestId('contract-party-custody').waitFor();
    await settled(pp);
    await noSidewaysScroll(pp);
    await pp.screenshot({ path: join(SHOTS, 'contract-new-375.png'), fullPage: true });
    await pp.context().close();

    await cp.getByTestId('contract-create-submit').click();
    await cp.waitForURL(/\/contracts\/(?!new)[^/]+$/, { timeout: 30_000 });
    const id = decodeURIComponent(new URL(cp.url()).pathname.split('/').pop() ?? '');
    await cp.getByTestId('contract-title').waitFor();
    expect(await contractStatus(cp)).toBe('signing');
    expect(await cp.getByTestId('contract-detail').textContent()).toContain(zhCN['contracts.cc']);
    // Sequential: the seal waits for the student, so there is nothing to stamp yet, only to void.
    expect(await cp.getByTestId('contract-seal').count()).toBe(0);
    await cp.getByTestId('contract-void').waitFor();

    // 2. The student sees it waiting for them, at 1366 px and on a phone.
    const sw = await session('student', WIDE);
    expect(await menuItems(sw)).toContain('合同签署');
    await sw.getByTestId('nav-menu').getByText('合同签署').click();
    await sw.waitForURL(`${base}/contracts`);
    const row = sw.locator(`[data-testid=contract-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-awaiting')).toBe('true');
    await row.getByTestId('contract-awaiting-me').waitFor();
    // Only the student can create nothing here: students do not start contracts.
    expect(await sw.getByTestId('contract-new').count()).toBe(0);
    await settled(sw);
    await noSidewaysScroll(sw);
    await sw.screenshot({ path: join(SHOTS, 'contracts-list-1366.png'), fullPage: true });
    await row.click();
    await sw.getByTestId('contract-sign-panel').waitFor();
    await expect.poll(() => sw.getByTestId('contract-file-pages').getAttribute('data-pages')).toBe('1');
    await settled(sw);
    await noSidewaysScroll(sw);
    await sw.screenshot({ path: join(SHOTS, 'contract-sign-1366.png'), fullPage: true });
    // In English the panel says the same.
    await sw.getByTestId('language-switch').click();
    await sw.getByTestId('contract-sign-panel').getByText('I have read and agree to this contract').waitFor();
    expect(await sw.getByTestId('contract-detail').getByTestId('contract-status').textContent()).toBe(
      'Signing',
    );

    const sp = await session('student', PHONE);
    await sp.goto(`${base}/contracts`);
    await sp.locator(`[data-testid=contract-row][data-id="${id}"]`).waitFor();
    await settled(sp);
    await noSidewaysScroll(sp);
    await sp.screenshot({ path: join(SHOTS, 'contracts-list-375.png'), fullPage: true });
    await sp.locator(`[data-testid=contract-row][data-id="${id}"]`).click();
    await sp.getByTestId('contract-your-turn').waitFor();
    const panel = sp.getByTestId('contract-sign-panel');
    await panel.waitFor();
    await expect.poll(() => sp.getByTestId('contract-file-pages').getAttribute('data-pages')).toBe('1');
    // Signing waits for ink and for consent.
    expect(await sp.getByTestId('contract-sign').isDisabled()).toBe(true);
    await sp.getByTestId('contract-your-turn').getByRole('button').click();
    await panel.scrollIntoViewIfNeeded();
    // A surname with the mouse, a flourish with a finger.
    await drawWithMouse(sp, [
      [0.15, 0.55],
      [0.3, 0.3],
      [0.4, 0.7],
      [0.55, 0.35],
    ]);
    await drawWithFinger(sp, [
      [0.5, 0.6],
      [0.6, 0.5],
      [0.7, 0.62],
      [0.85, 0.45],
    ]);
    await expect.poll(() => sp.getByTestId('signature-pad').getAttribute('data-strokes')).toBe('2');
    const inked = await sp.getByTestId('signature-pad').evaluate((canvas: HTMLCanvasElement) =>
      canvas
        .getContext('2d')
        ?.getImageData(0, 0, canvas.width, canvas.height)
        .data.some((v, i) => i % 4 === 3 && v > 0),
    );
    expect(inked).toBe(true);
    expect(await sp.getByTestId('contract-sign').isDisabled()).toBe(true);
    await sp.getByTestId('contract-consent').check();
    await settled(sp);
    await noSidewaysScroll(sp);
    await sp.screenshot({ path: join(SHOTS, 'contract-sign-375.png'), fullPage: true });
    await sp.getByTestId('contract-sign').click();
    const me = sp.locator('[data-testid=contract-party][data-status=signed]');
    const signError = sp.getByTestId('contract-sign-error');
    await me.or(signError).waitFor({ timeout: 60_000 });
    expect(await signError.count(), (await signError.textContent().catch(() => '')) ?? '').toBe(0);
    expect(await panel.count()).toBe(0);
    expect(await me.getByTestId('contract-party-subject').textContent()).toContain('示范学生');
    expect(await me.getByTestId('contract-party-custody').getAttribute('data-custody')).toBe('browser');
    expect(await contractStatus(sp)).toBe('signing');

    // The key stayed in the browser, non-extractable, kept for the student's next contract.
    const key = await sp.evaluate(
      () =>
        new Promise<{ extractable: boolean; algorithm: string } | null>((resolve, reject) => {
          const open = indexedDB.open('openseal-signer-keys');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('keys').objectStore('keys').get('student');
            get.onsuccess = () => {
              const pair = get.result as CryptoKeyPair | undefined;
              resolve(
                pair
                  ? {
                      extractable: pair.privateKey.extractable,
                      algorithm: (pair.privateKey.algorithm as EcKeyAlgorithm).namedCurve,
                    }
                  : null,
              );
            };
          };
        }),
    );
    expect(key).toEqual({ extractable: false, algorithm: 'P-256' });

    // 3. Now the seal's turn: the creator stamps for the school, and the contract is complete.
    await cp.reload();
    const seal = cp.getByTestId('contract-seal');
    await seal.waitFor({ timeout: 30_000 });
    await seal.click();
    await expect.poll(() => contractStatus(cp), { timeout: 60_000 }).toBe('completed');
    expect(await cp.getByTestId('contract-seal').count()).toBe(0);
    // Completed: voiding now takes a proposal the signers agree to.
    expect(await cp.getByTestId('contract-void').textContent()).toBe(zhCN['contracts.proposeVoid']);
    const parties = cp.getByTestId('contract-party');
    await expect
      .poll(() => parties.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))))
      .toEqual(['signed', 'signed']);
    const kinds = await cp
      .getByTestId('contract-event')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['created', 'signed', 'sealed', 'completed']));
    // Times are the school's, with the zone said.
    expect(await cp.getByTestId('contract-events').textContent()).toContain('北京时间');
    await expect.poll(() => cp.getByTestId('contract-file-pages').getAttribute('data-pages')).toBe('1');
    await settled(cp);
    await noSidewaysScroll(cp);
    await cp.screenshot({ path: join(SHOTS, 'contract-completed-1366.png'), fullPage: true });

    // 4. The signed file: two signatures, both valid to a validator we did not write.
    const [download] = await Promise.all([
      cp.waitForEvent('download', { timeout: 60_000 }),
      cp.getByTestId('contract-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('技术服务合同（示范）.pdf');
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const checked = await pdfsig(file, server.pki.root.certificate.toPem());
    const verdicts = signatureVerdicts(checked.output);
    expect(verdicts, checked.output).toHaveLength(2);
    expect(
      verdicts.every((v) => v.valid),
      checked.output,
    ).toBe(true);

    // The evidence report (证据报告) downloads as a PDF too.
    const [evidence] = await Promise.all([
      cp.waitForEvent('download', { timeout: 60_000 }),
      cp.getByTestId('contract-evidence').click(),
    ]);
    expect(evidence.suggestedFilename()).toBe('技术服务合同（示范）-证据报告.pdf');
    expect(
      readFileSync(await evidence.path())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');

    await sp.reload();
    await expect.poll(() => contractStatus(sp), { timeout: 30_000 }).toBe('completed');
    await expect.poll(() => sp.getByTestId('contract-file-pages').getAttribute('data-pages')).toBe('1');
    await settled(sp);
    await noSidewaysScroll(sp);
    await sp.screenshot({ path: join(SHOTS, 'contract-completed-375.png'), fullPage: true });

    // 5. A completed contract is voided only by agreement: the creator proposes, the student agrees.
    await cp.getByTestId('contract-void').click();
    await cp.getByTestId('contract-void-reason').fill('双方协商一致解除');
    await submitUntilUnderWay(
      cp.getByTestId('contract-void-submit'),
      cp.getByTestId('contract-void-proposal'),
    );
    await cp.getByTestId('contract-void-proposal').waitFor();
    expect(await contractStatus(cp)).toBe('completed');
    expect(await cp.getByTestId('contract-void').count()).toBe(0);
    await sp.reload();
    await sp.getByTestId('contract-void-agree').click();
    await okButton(sp).click();
    await expect.poll(() => contractStatus(sp), { timeout: 30_000 }).toBe('voided');
    expect(await sp.getByTestId('contract-void-reason').textContent()).toContain('双方协商一致解除');
    for (const e of errors) expect(e).toEqual([]);
  }, 240_000);

  /** Starts a contract through the API as the creator (the form is driven in the first test). */
  /** The contract seal's id, among the seals the creator may use. */
  async function contractSealId(): Promise<string> {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const usable = (await (await fetch(`${base}/api/seals/usable`, { headers: creator.headers })).json()) as {
      seal: { id: string; name: string };
    }[];
    const found = usable.find((u) => u.seal.name === CONTRACT_SEAL);
    if (!found)
      throw new Error(`${CONTRACT_SEAL} is not among ${JSON.stringify(usable.map((u) => u.seal.name))}`);
    return found.seal.id;
  }

  async function startContract(title: string, parties: unknown[]): Promise<ContractDetail> {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const file = await stageUpload(base, creator, 'contract.pdf', new Uint8Array(readFileSync(SECOND_PDF)));
    const response = await fetch(`${base}/api/contracts`, {
      method: 'POST',
      headers: { ...creator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title, file, order: 'parallel', parties }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text) as ContractDetail;
  }

  it('the student passes a real-name check, signs with an event certificate and the name seal; the file verifies', async () => {
    const created = await startContract('实习协议（示范）', [
      { kind: 'person', username: 'student', custody: 'event', identity: 'real-name' },
    ]);
    const sw = await session('student', WIDE);
    await sw.goto(`${base}/contracts/${created.id}`);
    const panel = sw.getByTestId('contract-sign-panel');
    await panel.waitFor();
    // 实名认证 first: a wrong check character is refused in the API's words, the right one passes.
    await sw.getByTestId('contract-real-name').waitFor();
    expect(await sw.getByTestId('contract-sign').count()).toBe(0);
    expect(await sw.getByTestId('real-name-name').inputValue()).toBe('示范学生');
    const good = idNumber('11010520040315123');
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    await sw.getByTestId('real-name-id').fill(bad);
    await sw.getByTestId('real-name-submit').click();
    await expect
      .poll(() => sw.getByTestId('real-name-error').textContent())
      .toBe(ERROR_CODES.ERR_IDENTITY_NOT_VERIFIED.zh);
    await sw.getByTestId('real-name-id').fill(good);
    await sw.getByTestId('real-name-submit').click();
    // The demo provider offers the face step: a picture chosen as a phone without a camera would.
    await sw.getByTestId('contract-face').waitFor();
    await sw
      .getByTestId('face-file')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: await sw.screenshot() });
    await sw.getByTestId('face-submit').click();
    await sw.getByTestId('contract-sign-kind').waitFor();
    expect(await sw.getByTestId('contract-party-identity').getAttribute('data-verified')).toBe('true');
    expect(await panel.textContent()).toContain(zhCN['contracts.keyHint.event']);
    // The name as typed over the line, then the square name seal (人名章), which is what is signed.
    await sw.getByTestId('contract-sign-kind').getByText(zhCN['contracts.typed']).click();
    expect(await sw.getByTestId('typed-name-sketch').textContent()).toBe('示范学生');
    await sw.getByTestId('contract-sign-kind').getByText(zhCN['contracts.nameSeal']).click();
    await sw.getByTestId('contract-name-seal-preview').waitFor();
    await settled(sw);
    await sw.screenshot({ path: join(SHOTS, 'contract-sign-typed-1366.png') });
    // The name seal needs no ink: consent alone opens the button.
    expect(await sw.getByTestId('contract-sign').isDisabled()).toBe(true);
    await sw.getByTestId('contract-consent').check();
    await sw.getByTestId('contract-sign').click();
    const signError = sw.getByTestId('contract-sign-error');
    await sw
      .getByTestId('contract-detail')
      .locator('[data-status=completed]')
      .or(signError)
      .waitFor({ timeout: 60_000 });
    expect(await signError.count(), (await signError.textContent().catch(() => '')) ?? '').toBe(0);
    expect(await sw.getByTestId('contract-party-custody').getAttribute('data-custody')).toBe('event');
    const [download] = await Promise.all([
      sw.waitForEvent('download', { timeout: 60_000 }),
      sw.getByTestId('contract-download').click(),
    ]);
    const checked = await pdfsig(await download.path(), server.pki.root.certificate.toPem());
    const verdicts = signatureVerdicts(checked.output);
    expect(verdicts, checked.output).toHaveLength(1);
    expect(verdicts[0]?.valid, checked.output).toBe(true);
    for (const e of errors) expect(e).toEqual([]);
  }, 120_000);

  it.skipIf(!hasSoftHsm)(
    'the student signs with a UKey (SoftHSM2) through openseal token-helper; pdfsig and the verifier accept it',
    async () => {
      const pin = 'Ukey-Helper-2026';
      createSoftHsmToken({
        dir: mkdtempSync(join(tmpdir(), 'openseal-contract-ukey-')),
        tokenLabel: 'student-ukey',
        pin,
        keys: [],
      });
      // The helper on the signer's computer, on its fixed port, answering only this console's origin.
      const helper = spawn(
        process.execPath,
        [CLI, 'token-helper', '--module', SOFTHSM_LIBRARY, '--origin', base, '--port', '7480'],
        { env: { ...process.env, OPENSEAL_TOKEN_PIN: pin }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let helperOutput = '';
      helper.stdout.on('data', (d: Buffer) => {
        helperOutput += d.toString();
      });
      helper.stderr.on('data', (d: Buffer) => {
        helperOutput += d.toString();
      });
      try {
        await expect
          .poll(() => helperOutput, { timeout: 30_000 })
          .toContain('token helper on http://127.0.0.1:7480');
        const created = await startContract('设备借用协议（示范）', [
          { kind: 'person', username: 'student', custody: 'token' },
          { kind: 'organization', sealId: await contractSealId() },
        ]);
        const sw = await session('student', WIDE);
        await sw.goto(`${base}/contracts/${created.id}`);
        await sw.getByTestId('token-picker').waitFor({ timeout: 30_000 });
        // An empty token: the first key is made inside it, and chosen.
        await sw.getByTestId('token-picker').getByRole('button').click();
        await expect
          .poll(() => sw.getByTestId('token-key').textContent(), { timeout: 30_000 })
          .toContain('EC');
        await sw.getByTestId('contract-sign-kind').getByText(zhCN['contracts.typed']).click();
        await sw.getByTestId('contract-consent').check();
        await sw.getByTestId('contract-sign').click();
        const signError = sw.getByTestId('contract-sign-error');
        await sw
          .locator('[data-testid=contract-party][data-status=signed]')
          .or(signError)
          .first()
          .waitFor({ timeout: 60_000 });
        expect(await signError.count(), (await signError.textContent().catch(() => '')) ?? '').toBe(0);
        await settled(sw);
        await sw.screenshot({ path: join(SHOTS, 'contract-ukey-1366.png') });
        // The helper logged the one signature (and the request), never the PIN.
        expect(helperOutput).toContain(base);
        expect(helperOutput).not.toContain(pin);

        const creator = await apiSession(base, 'creator', server.password('creator'));
        const stamped = await fetch(`${base}/api/contracts/${created.id}/seal`, {
          method: 'POST',
          headers: { ...creator.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ partyId: created.parties[1]!.id }),
        });
        expect(stamped.status, await stamped.clone().text()).toBe(200);
        const file = await fetch(`${base}/api/contracts/${created.id}/file`, { headers: creator.headers });
        const pdf = new Uint8Array(await file.arrayBuffer());
        const dir = mkdtempSync(join(tmpdir(), 'openseal-ukey-pdf-'));
        writeFileSync(join(dir, 'signed.pdf'), pdf);
        const checked = await pdfsig(join(dir, 'signed.pdf'), server.pki.root.certificate.toPem());
        const verdicts = signatureVerdicts(checked.output);
        expect(verdicts, checked.output).toHaveLength(2);
        for (const v of verdicts) expect(v, checked.output).toMatchObject({ valid: true, trusted: true });
        const verified = await fetch(`${base}/api/public/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/pdf' },
          body: pdf,
        });
        const result = (await verified.json()) as VerificationResult;
        expect(result.signatures.map((s) => s.signerKind)).toEqual(['person', 'seal']);
        // An employer on the public page (a phone) reads who signed and that the key was the student's own.
        const employer = await browser.newContext(PHONE);
        contexts.push(employer);
        const vp = await employer.newPage();
        errors.push(pageErrors(vp));
        await vp.goto(`${base}/verify`);
        await vp
          .getByTestId('verify-page')
          .locator('input[type=file]')
          .setInputFiles(join(dir, 'signed.pdf'));
        await vp.getByTestId('verify-result').waitFor({ timeout: 30_000 });
        expect(await vp.getByTestId('verify-result').getAttribute('data-verdict')).toBe('authentic');
        expect(await vp.getByTestId('verify-person').textContent()).toContain('示范学生');
        expect(await vp.getByTestId('verify-certificate-kind').textContent()).toBe(
          zhCN['verify.kind.person'],
        );
        expect(await vp.getByTestId('verify-seal-name').textContent()).toBe(CONTRACT_SEAL);
        await settled(vp);
        await noSidewaysScroll(vp);
        await vp.screenshot({ path: join(SHOTS, 'contract-verify-375.png'), fullPage: true });
        for (const e of errors) expect(e).toEqual([]);
      } finally {
        helper.kill();
      }
    },
    120_000,
  );

  it('the student declines a contract with a reason, and it ends declined', async () => {
    const created = await startContract('保密协议（示范）', [{ kind: 'person', username: 'student' }]);

    const sw = await session('student', WIDE);
    await sw.goto(`${base}/contracts/${created.id}`);
    await sw.getByTestId('contract-sign-panel').waitFor();
    await sw.getByTestId('contract-decline').click();
    const reason = sw.getByTestId('contract-decline-reason');
    await reason.waitFor();
    expect(await sw.getByTestId('contract-decline-submit').isDisabled()).toBe(true);
    await reason.fill('保密期限与实习协议不一致');
    await submitUntilUnderWay(
      sw.getByTestId('contract-decline-submit'),
      sw.getByTestId('contract-detail').locator('[data-testid=contract-status][data-status=declined]'),
    );
    await expect.poll(() => contractStatus(sw), { timeout: 30_000 }).toBe('declined');
    expect(await sw.getByTestId('contract-party-decline-reason').textContent()).toContain(
      '保密期限与实习协议不一致',
    );
    expect(await sw.getByTestId('contract-sign-panel').count()).toBe(0);
    // The list says so too, and nothing waits for the student there any more.
    await sw.getByTestId('nav-menu').getByText('合同签署').click();
    const row = sw.locator(`[data-testid=contract-row][data-id="${created.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('contract-status').getAttribute('data-status')).toBe('declined');
    expect(await row.getAttribute('data-awaiting')).toBe('false');
    for (const e of errors) expect(e).toEqual([]);
  }, 120_000);
});
