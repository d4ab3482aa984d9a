import { join } from 'node:path';
import type { ContractDetail } from '@openseal/contract';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';

// Contracts from a template in the console: the creator picks the demo school's 学生课程协议, fills its
// data form and names the student for the student role (the school role keeps its contract seal), the
// contract starts and is listed; the template admin sees the template and its editor. At 1366 px and
// on a 375 px phone, nothing is wider than the screen.

const WIDE: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};
const TEMPLATE = '学生课程协议 Student course agreement';
const CONTRACT_SEAL = '示范大学合同专用章';

const title = hasChromium
  ? 'contract templates in headless Chromium'
  : `contract templates in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

/** The new-contract form with the demo template chosen and its data filled in. */
async function fillFromTemplate(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/contracts/new`);
  await page.getByTestId('contract-source-template').click();
  await page.getByTestId('contract-template').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: TEMPLATE }).click();
  await page.getByTestId('contract-template-fields').waitFor();
  // The template's name is the first title.
  expect(await page.getByTestId('contract-title').inputValue()).toBe(TEMPLATE);
  await page.getByTestId('contract-data-studentName').fill('示范学生');
  await page.getByTestId('contract-data-course').fill('数据结构 Data Structures');
  await page.getByTestId('contract-data-fee').fill('3200');
  // antd puts the test id on the picker's input.
  const start = page.locator(
    'input[data-testid=contract-data-startDate], [data-testid=contract-data-startDate] input',
  );
  await start.click();
  await start.fill('2026-09-14');
  await start.press('Enter');
  await page.getByTestId('contract-data-rulesRead').check();
  await page.getByTestId('contract-role-student').fill('student');
  // The school role is stamped with its default seal, the contract seal.
  expect(await page.getByTestId('contract-role-school').textContent()).toContain(CONTRACT_SEAL);
}

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const errors: string[][] = [];

  async function session(username: string, options: BrowserContextOptions) {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    errors.push(pageErrors(page));
    await signIn(page, base, username, server.password(username));
    return page;
  }

  beforeAll(async () => {
    server = await startE2eServer('contract-templates');
    ({ base, browser } = server);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await server?.close();
  });

  it('the creator starts a contract from the demo template through its form and sees it listed', async () => {
    const cp = await session('creator', WIDE);
    await fillFromTemplate(cp, base);
    await cp.getByTestId('contract-title').fill('学生课程协议（数据结构）');
    await settled(cp);
    await noSidewaysScroll(cp);
    await cp.screenshot({ path: join(SHOTS, 'contract-from-template-1366.png'), fullPage: true });

    // The same form on a phone.
    const pp = await session('creator', PHONE);
    await fillFromTemplate(pp, base);
    await settled(pp);
    await noSidewaysScroll(pp);
    await pp.screenshot({ path: join(SHOTS, 'contract-from-template-375.png'), fullPage: true });

    await cp.getByTestId('contract-create-submit').click();
    await cp.waitForURL(/\/contracts\/(?!new)[^/]+$/, { timeout: 30_000 });
    const id = decodeURIComponent(new URL(cp.url()).pathname.split('/').pop() ?? '');
    await expect
      .poll(() => cp.getByTestId('contract-detail').getByTestId('contract-title').textContent())
      .toContain('学生课程协议（数据结构）');

    await cp.goto(`${base}/contracts`);
    const row = cp.locator(`[data-testid=contract-row][data-id="${id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('学生课程协议（数据结构）');

    // It was generated from the template: the student first, then the school with its contract seal.
    const detail = (await cp.evaluate(
      async (contractId) => (await fetch(`/api/contracts/${contractId}`)).json(),
      id,
    )) as ContractDetail;
    expect(detail.parties.map((p) => [p.kind, p.name])).toEqual([
      ['person', '示范学生'],
      ['organization', CONTRACT_SEAL],
    ]);
    expect(detail.events.find((e) => e.kind === 'created')?.detail).toContain('template');
  });

  it('the template admin sees the template and opens it in the designer, at 1366 px and on a phone', async () => {
    for (const [options, width] of [
      [WIDE, 1366],
      [PHONE, 375],
    ] as const) {
      const tp = await session('tpladmin', options);
      await tp.goto(`${base}/contracts/templates`);
      const row = tp.getByTestId('contract-tpl-row').filter({ hasText: TEMPLATE });
      await row.waitFor();
      await settled(tp);
      await noSidewaysScroll(tp);
      await tp.screenshot({ path: join(SHOTS, `contract-templates-${width}.png`), fullPage: true });
      await row.click();
      await tp.waitForURL(/\/contracts\/templates\/[^/]+$/);
      await tp.locator('[data-testid=template-designer][data-state=ready]').waitFor({ timeout: 30_000 });
      expect(await tp.getByTestId('contract-tpl-roles').textContent()).toContain('学生 Student');
      expect(await tp.getByTestId('contract-tpl-version').getAttribute('data-version')).toBe('1');
      await settled(tp);
      await noSidewaysScroll(tp);
      await tp.screenshot({ path: join(SHOTS, `contract-template-editor-${width}.png`), fullPage: true });
    }
    // Saving as it is makes version 2.
    const tp = (await browser.contexts().at(-1)?.pages())?.[0] as Page;
    await tp.getByTestId('contract-tpl-save').click();
    await expect.poll(() => tp.getByTestId('contract-tpl-version').getAttribute('data-version')).toBe('2');
    for (const e of errors) expect(e).toEqual([]);
  });
});
