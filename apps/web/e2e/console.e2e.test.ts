import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@openseal/server';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
// node.md: as root in this sandbox; without the background-networking flags Chromium keeps dialling out.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOT = join(WEB_DIR, '../../.tmp/web/login.png');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds apps/web/dist unless it is newer than every source the build reads. */
function ensureBuilt(): void {
  const index = join(WEB_DIR, 'dist/index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB_DIR, p));
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(join(WEB_DIR, '../../node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
}

const hasChromium = existsSync(CHROMIUM);
const title = hasChromium
  ? 'web console in headless Chromium'
  : `web console in headless Chromium — SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  let dataDir: string;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'openseal-web-e2e-'));
    app = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: { dialect: 'sqlite', file: join(dataDir, 'openseal.db') },
      logLevel: 'silent',
    });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the console for client routes and keeps API 404s as JSON', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    const deepLink = await fetch(`${base}/seals`, { headers: html });
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('content-type')).toMatch(/text\/html/);
    expect(await deepLink.text()).toContain('<div id="root">');

    const notNavigation = await fetch(`${base}/seals`, { headers: { accept: 'application/json' } });
    expect(notNavigation.status).toBe(404);
    const unknownApi = await fetch(`${base}/api/no-such-route`, { headers: html });
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { code: string }).code).toBe('ERR_NOT_FOUND');
    expect((await fetch(`${base}/assets/missing.js`, { headers: html })).status).toBe(404);
  });

  it('shows the login page in zh-CN, switches to English, and shows the API error for bad credentials', async () => {
    // The browser itself asks for English: the console's default must still be zh-CN.
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/org`);
      await page.waitForURL(`${base}/login`);
      await expect.poll(() => page.getByTestId('login-title').textContent()).toBe('登录管理控制台');
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.getByText('用户名', { exact: true }).count()).toBe(1);

      await page.getByTestId('language-switch').click();
      await expect.poll(() => page.getByTestId('login-title').textContent()).toBe('Sign in to the console');
      expect(await page.getByText('Username', { exact: true }).count()).toBe(1);
      await page.reload();
      await expect.poll(() => page.getByTestId('login-title').textContent()).toBe('Sign in to the console');

      // Whatever the API answers today (401 once auth exists, 404 before), the page shows its message.
      const answer = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'nobody', password: 'wrong-password' }),
      });
      expect([401, 404]).toContain(answer.status);
      const expected = (await answer.json()) as { message: string; messageZh: string };

      await page.getByTestId('login-username').fill('nobody');
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.textContent()).toContain(expected.message);
      expect(page.url()).toBe(`${base}/login`);
      // Nothing but the language preference may be stored client-side.
      expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['openseal.locale']);

      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });

      // Back in Chinese, the same failure reads in the API's zh message.
      await page.getByTestId('language-switch').click();
      await expect.poll(() => error.textContent()).toContain(expected.messageZh);
      await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-zh.png') });
    } finally {
      await context.close();
    }
  });
});
