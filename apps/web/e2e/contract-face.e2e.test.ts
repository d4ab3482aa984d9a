import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import type { ContractDetail } from '@openseal/contract';
import type { Kysely } from 'kysely';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { zhCN } from '../src/i18n/zh-CN.ts';
import {
  apiSession,
  CHROMIUM,
  CHROMIUM_ARGS,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  stageUpload,
  startE2eServer,
} from './e2e-support.ts';

// The face step of a contract's real-name check in Chromium, with the demo provider (which offers it):
// on a 1366 px desk the page shows the camera (Chromium's fake device, permission granted by the fake
// UI) and takes a frame; on a 375 px phone with no camera the file input takes a photo instead. Either
// way the check passes, the party is verified and the event names 'face (demo provider)'. The desk
// reads Chinese, the phone English.

const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const CONTRACT_PDF = fileURLToPath(
  new URL('../../../packages/pdf-sign/test/fixtures/chromium-print.pdf', import.meta.url),
);
const title = hasChromium
  ? 'contract face check in headless Chromium'
  : `contract face check in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

/** A citizen ID number with its GB 11643 check character (ISO 7064 MOD 11-2) after the 17 digits. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * (weights[i] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11]}`;
}

/** A PNG of random RGB pixels, as a phone's photo picker would hand over a file. */
function randomPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), randomBytes(width * 3)])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let base: string;
  /** Chromium with a fake camera whose permission prompt is answered yes. */
  let withCamera: Browser;
  const errors: string[][] = [];

  beforeAll(async () => {
    server = await startE2eServer('contract-face');
    base = server.base;
    withCamera = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
      headless: true,
    });
    // The console is built first when its sources changed, which takes minutes on a loaded machine.
  }, 300_000);
  afterAll(async () => {
    await withCamera?.close();
    await server?.close();
  });

  async function startContract(): Promise<ContractDetail> {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const file = await stageUpload(base, creator, 'contract.pdf', new Uint8Array(readFileSync(CONTRACT_PDF)));
    const response = await fetch(`${base}/api/contracts`, {
      method: 'POST',
      headers: { ...creator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '实习协议（人脸核验）',
        file,
        order: 'sequential',
        parties: [{ kind: 'person', username: 'student', custody: 'event', identity: 'real-name' }],
      }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text) as ContractDetail;
  }

  /** The student's page at the real-name form, the name and ID number given and passed. */
  async function toFaceStep(
    browser: Browser,
    options: BrowserContextOptions,
    id: string,
    language: 'zh-CN' | 'en',
  ): Promise<Page> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    errors.push(pageErrors(page));
    await signIn(page, base, 'student', server.password('student'));
    await page.goto(`${base}/contracts/${id}`);
    if (language === 'en') await page.getByTestId('language-switch').click();
    await page.getByTestId('contract-real-name').waitFor();
    await page.getByTestId('real-name-id').fill(idNumber('11010520040315123'));
    await page.getByTestId('real-name-submit').click();
    await page.getByTestId('contract-face').waitFor();
    const words = language === 'en' ? en : zhCN;
    expect(await page.getByTestId('contract-face').textContent()).toContain(words['contracts.face.title']);
    expect(await page.getByTestId('contract-sign').count()).toBe(0);
    return page;
  }

  /** Submits the photo and waits for the signing panel; the party is verified, the face check named. */
  async function passFace(page: Page, id: string): Promise<void> {
    await page.getByTestId('face-submit').click();
    await page.getByTestId('contract-sign-kind').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('contract-party-identity').getAttribute('data-verified')).toBe('true');
    const student = await apiSession(base, 'student', server.password('student'));
    const detail = (await (
      await fetch(`${base}/api/contracts/${id}`, { headers: student.headers })
    ).json()) as ContractDetail;
    const checks = detail.events.filter((e) => e.kind === 'identity-checked').map((e) => e.detail ?? '');
    expect(checks).toHaveLength(2);
    expect(checks[1]).toContain('face (demo provider)');
    // The identity record, read from the server's database (the API shows only "verified").
    const { db } = server.app as unknown as {
      db: Kysely<{ contract_parties: { contract_id: string; identity_check: string | null } }>;
    };
    const row = await db
      .selectFrom('contract_parties')
      .select('identity_check')
      .where('contract_id', '=', id)
      .executeTakeFirstOrThrow();
    const record = JSON.parse(row.identity_check ?? '{}') as {
      checks?: string[];
      face?: { selfieSha256: string };
    };
    expect(record.checks).toEqual(['name+ID', 'face (demo provider)']);
    expect(record.face?.selfieSha256).toMatch(/^[0-9a-f]{64}$/);
  }

  it('on a desk, the camera shows in the page, a frame is taken and the face check passes', async () => {
    const { id } = await startContract();
    const page = await toFaceStep(withCamera, WIDE, id, 'zh-CN');
    // The fake device's frames play in the page; the button takes one.
    await page.getByTestId('face-video').waitFor();
    await expect
      .poll(() => page.getByTestId('face-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
      .toBeGreaterThan(0);
    expect(await page.getByTestId('face-submit').isDisabled()).toBe(true);
    await settled(page);
    await page.screenshot({ path: join(SHOTS, 'contract-face-camera-1366.png'), fullPage: true });
    await page.getByTestId('face-shoot').click();
    await page.getByTestId('face-preview').waitFor();
    const size = await page.getByTestId('face-preview').evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size[0]).toBeGreaterThanOrEqual(64);
    expect(size[1]).toBeGreaterThanOrEqual(64);
    await passFace(page, id);
    await page.context().close();
  }, 120_000);

  it('on a phone without a camera, a photo from the file input passes the face check', async () => {
    const { id } = await startContract();
    // The server's own Chromium has no camera: getUserMedia fails and the page offers the file input.
    const page = await toFaceStep(server.browser, PHONE, id, 'en');
    await page.getByTestId('face-no-camera').waitFor();
    // In English this time.
    expect(await page.getByTestId('face-no-camera').textContent()).toBe(en['contracts.face.noCamera']);
    await settled(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SHOTS, 'contract-face-file-375.png'), fullPage: true });
    await page.getByTestId('face-file').setInputFiles({
      name: 'selfie.png',
      mimeType: 'image/png',
      buffer: randomPng(480, 640),
    });
    await page.getByTestId('face-preview').waitFor();
    expect(await page.getByTestId('face-submit').isEnabled()).toBe(true);
    await settled(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: join(SHOTS, 'contract-face-preview-375.png'), fullPage: true });
    await passFace(page, id);
    await page.context().close();
    for (const e of errors) expect(e).toEqual([]);
  }, 120_000);
});
