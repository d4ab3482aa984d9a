import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initPki, loadPki, type Pki } from '@openseal/pki';
import { type DemoSchool, seedDemoOnFirstStart, startServer } from '@openseal/server';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { totpNow } from './enrol-totp.ts';

export const CHROMIUM = '/usr/bin/chromium';
// node.md: as root in this sandbox; without the background-networking flags Chromium keeps dialling out.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SHOTS = join(WEB_DIR, '../../.tmp/web');
export const hasChromium = existsSync(CHROMIUM);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds apps/web/dist unless it is newer than every source the build reads. */
export function ensureBuilt(): void {
  const index = join(WEB_DIR, 'dist/index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    join(WEB_DIR, p),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync(join(WEB_DIR, '../../node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
}

/** Signs in through the login page (with the TOTP step for security roles) and waits for the console. */
export async function signIn(
  page: Page,
  base: string,
  username: string,
  password: string,
  totpSecret?: string,
): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  if (totpSecret) {
    await page.getByTestId('login-totp').fill(totpNow(totpSecret));
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('current-user').waitFor();
}

/** Waits until no antd spinner or fade is left, so a screenshot shows the page as a person sees it. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-spin-blur'));
  // antd fades content back in over 0.3 s once loading ends.
  await page.waitForTimeout(400);
}

/**
 * Uncaught errors thrown in the page, and anything the server's Content Security Policy blocked (a
 * script, style, font, worker or WebAssembly refused is as broken as an exception), for a final
 * "none" assertion. Refused evals are left out: the pdfme designer's property panel (form-render)
 * evaluates one show/hide expression with Function(), catches the refusal and logs it.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes('Content Security Policy') && !text.includes("'unsafe-eval'")) errors.push(text);
  });
  return errors;
}

/**
 * Turns an antd Switch on. A click can miss while the panel around it is still opening or content
 * above it is still landing, so a switch left off is clicked again, a second apart so a late
 * re-render is not undone by a second click.
 */
export async function switchOn(toggle: Locator): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
        return toggle.getAttribute('aria-checked');
      },
      { interval: 1000 },
    )
    .toBe('true');
}

/**
 * Clicks a dialog's submit button until its work is under way (the button loading, or `answer`
 * shown), a few seconds apart: a click while an antd dialog still moves in can miss the button (seen on
 * loaded CI machines). A loading button ignores clicks, so the work is never asked for twice.
 */
export async function submitUntilUnderWay(submit: Locator, answer: Locator): Promise<void> {
  const underWay = answer.or(submit.and(submit.page().locator('.ant-btn-loading')));
  for (let tries = 0; tries < 5 && !(await underWay.isVisible()); tries++) {
    await submit.click();
    await underWay.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
}

export const menuItems = (page: Page): Promise<string[]> =>
  page.getByTestId('nav-menu').locator('.ant-menu-item').allTextContents();

/** antd spaces two-character button labels (确 定), so match both spellings. */
export const okButton = (page: Page | Locator) =>
  page.getByRole('button', { name: '确 定' }).or(page.getByRole('button', { name: '确定' }));

/** Picks `label` in an antd Select (or TreeSelect) opened by clicking `trigger`. */
export async function pick(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  const option = page
    .locator('.ant-select-dropdown:visible')
    .locator('.ant-select-item-option, .ant-select-tree-title', { hasText: label })
    .first();
  await option.click();
}

/** A cookie session for direct API calls, as a browser would hold it. */
export async function apiSession(
  base: string,
  username: string,
  password: string,
): Promise<{ headers: Record<string, string> }> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username}: HTTP ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** Stages a file through POST /api/uploads for the session's user; the `{ uploadId }` a JSON body names. */
export async function stageUpload(
  base: string,
  session: { headers: Record<string, string> },
  name: string,
  bytes: Uint8Array,
  contentType = 'application/pdf',
): Promise<{ uploadId: string }> {
  const res = await fetch(`${base}/api/uploads?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': contentType },
    body: Buffer.from(bytes),
  });
  if (res.status !== 201) throw new Error(`upload ${name}: HTTP ${res.status} ${await res.text()}`);
  return { uploadId: ((await res.json()) as { id: string }).id };
}

/** A loopback port free right now, so a PKI can name its URLs before the server that answers them starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * poppler's `pdfsig` on a file, against a fresh NSS database that trusts `rootPem`: a validator we
 * did not write. It runs asynchronously because NSS fetches the issuer and OCSP answers from the
 * server in this very process. It exits 0 even for bad signatures, so its lines are read.
 */
export async function pdfsig(
  file: string,
  rootPem: string,
): Promise<{ valid: boolean; trusted: boolean; output: string }> {
  const nss = mkdtempSync(join(tmpdir(), 'openseal-e2e-nss-'));
  writeFileSync(join(nss, 'root.pem'), rootPem);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
  execFileSync('certutil', [
    '-A',
    '-d',
    `sql:${nss}`,
    '-n',
    'root',
    '-t',
    'CT,C,C',
    '-a',
    '-i',
    join(nss, 'root.pem'),
  ]);
  const output = await new Promise<string>((resolve) => {
    execFile('pdfsig', ['-nssdir', `sql:${nss}`, file], { encoding: 'utf8' }, (_error, stdout, stderr) =>
      resolve(`${stdout}${stderr}`),
    );
  });
  return {
    valid: /- Signature Validation: Signature is Valid\./.test(output),
    trusted: /- Certificate Validation: Certificate is Trusted\./.test(output),
    output,
  };
}

/** A seeded demo server on loopback and a headless Chromium, as every browser test starts. */
export interface E2eServer<P extends Pki | undefined = Pki> {
  /** The temporary data directory, removed by close(); tests may write their input files here. */
  dir: string;
  base: string;
  app: FastifyInstance;
  pki: P;
  demo: DemoSchool;
  browser: Browser;
  /** The seeded password of a demo account. */
  password(username: string): string;
  /** Closes the browser and the server and removes the data directory. */
  close(): Promise<void>;
}

/**
 * Builds the console if needed, then starts a server on a fresh SQLite database in a temporary
 * directory, seeds the demo school and launches Chromium. With a PKI (the default) the certificates
 * name this server's /pki/ URLs, so pdfsig (NSS) can fetch the chain and OCSP.
 */
export async function startE2eServer(name: string): Promise<E2eServer<Pki>>;
export async function startE2eServer(name: string, options: { pki: false }): Promise<E2eServer<undefined>>;
export async function startE2eServer(
  name: string,
  options: { pki?: boolean } = {},
): Promise<E2eServer<Pki | undefined>> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), `openseal-${name}-e2e-`));
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    let pki: Pki | undefined;
    let port = 0;
    if (options.pki !== false) {
      const pkiDir = join(dir, 'pki');
      port = await freePort();
      await initPki({
        dir: pkiDir,
        passphrase: `${name}-e2e`,
        keyAlgorithm: 'ecdsa-p256',
        baseUrl: `http://127.0.0.1:${port}/pki`,
      });
      pki = await loadPki(pkiDir, `${name}-e2e`);
    }
    app = await startServer(
      {
        port,
        host: '127.0.0.1',
        dataDir: dir,
        database: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
        logLevel: 'silent',
        // The demo school on one machine: credentials print this loopback address.
        demo: true,
      },
      pki,
    );
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const demo = await seedDemoOnFirstStart(app);
    if (!demo) throw new Error('the fresh database already had accounts');
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const password = (username: string) => {
      const account = demo.accounts.find((a) => a.username === username);
      if (!account) throw new Error(`no demo account ${username}`);
      return account.password;
    };
    return { dir, base, app, pki, demo, browser, password, close };
  } catch (error) {
    await close();
    throw error;
  }
}
