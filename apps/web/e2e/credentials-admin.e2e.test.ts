import { join } from 'node:path';
import type { CredentialJob, CredentialTemplateDetail, CredentialTemplateSummary } from '@openseal/contract';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  okButton,
  pageErrors,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';

const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const TYPE = 'gpa-explanation-zh';
const COHORT = 'e2e-2030';
const HEADING = '示范大学绩点换算说明';
const EDITED = '示范大学绩点换算说明（修订）';

/** The GPA explanation's import template headers, as a registrar reads them. */
const TEMPLATE_HEADER = ['学号', '姓名', '年级', '出具日期'];

/**
 * Two students of a new cohort for the GPA explanation, headed by the template's labels (学号 fills
 * both who the row is about and the record's student number); `badNo` breaks the second one's.
 */
function importCsv(badNo: boolean): string {
  return [
    TEMPLATE_HEADER.join(','),
    `2030000001,测试甲,${COHORT},2026年11月23日`,
    `${badNo ? '20300002' : '2030000002'},测试乙,${COHORT},2026年11月23日`,
    '',
  ].join('\n');
}

const title = hasChromium
  ? 'credential templates, data import and batch issuing in headless Chromium'
  : `credential templates, data import and batch issuing in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;

  async function newPage(
    options: object = { viewport: { width: 1440, height: 960 } },
  ): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    const page = await context.newPage();
    // Two cores shared with other builds: the lazy pages (pdfme, fonts) can take a while to arrive.
    page.setDefaultTimeout(60_000);
    return { page, errors: pageErrors(page), close: () => context.close() };
  }

  /** Types into an antd Select's search and picks the option that names `text`. */
  async function choose(page: Page, testId: string, text: string): Promise<void> {
    await page.getByTestId(testId).click();
    await page.keyboard.type(text);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
      .first()
      .click();
  }

  // Ten minutes: the console may be rebuilt first (vite on two shared cores).
  beforeAll(async () => {
    server = await startE2eServer('credentials-admin');
    ({ base, browser } = server);
  }, 600_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lets the template admin change a static text in the designer and save a new version', async () => {
    const tpladmin = await apiSession(base, 'tpladmin', server.password('tpladmin'));
    const list = (await (
      await fetch(`${base}/api/credential-templates`, tpladmin)
    ).json()) as CredentialTemplateSummary[];
    const summary = list.find((t) => t.code === TYPE);
    if (!summary) throw new Error(`the demo has no ${TYPE} template`);

    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'tpladmin', server.password('tpladmin'));
      await page.goto(`${base}/templates`);
      await page.locator(`[data-testid=tpl-row][data-code="${TYPE}"]`).click({ timeout: 60_000 });
      await page.locator('[data-testid=template-designer][data-state=ready]').waitFor();
      expect(await page.getByTestId('tpl-version').getAttribute('data-version')).toBe(
        String(summary.version),
      );
      // The seals come from the school-wide list: by name, the school's 公章 (outside 教务处) among them.
      await expect
        .poll(() => page.getByTestId('tpl-issuer-seal').textContent())
        .toBe('示范大学教务处成绩专用章');
      await page.getByTestId('tpl-counter-seal').click();
      const sealOptions = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await sealOptions.filter({ hasText: /^示范大学$/ }).waitFor();
      expect(await sealOptions.filter({ hasText: '实物' }).count()).toBe(0);
      await page.keyboard.press('Escape');

      // The canvas is drawn: the page's static heading and our seal slot are on it.
      const heading = page.getByTestId('template-designer').getByText(HEADING, { exact: true });
      await heading.waitFor({ timeout: 60_000 });
      await page.getByTestId('template-designer').getByTestId('seal-slot').first().waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'credentials-template-designer.png') });

      // Centred first: at an edge of the canvas pdfme's control bar can sit over the text.
      await heading.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
      // On a loaded machine pdfme's selection layer can lie over the text for a while, and a double
      // click can land before the text is ready to edit: double-click where the text is, as a person
      // does, until the text takes the caret, then type.
      await expect
        .poll(
          async () => {
            const box = await heading.boundingBox();
            if (!box) throw new Error(`${HEADING} is not on the canvas`);
            await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
            return page.evaluate(() => {
              const active = document.activeElement as HTMLElement | null;
              return active?.isContentEditable === true ? active.textContent : null;
            });
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe(HEADING);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(EDITED);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(EDITED);
      // Leaving the text ends the edit (pdfme saves it on blur).
      await page.getByTestId('tpl-editor-title').click();
      await page.getByTestId('tpl-save').click();
      await expect
        .poll(() => page.getByTestId('tpl-version').getAttribute('data-version'))
        .toBe(String(summary.version + 1));

      // The saved version, rendered with sample data, opens as a PDF in a new tab.
      const [popup] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByTestId('tpl-preview').click(),
      ]);
      await expect.poll(() => popup.url()).toMatch(/^blob:/);
      expect(await page.getByTestId('tpl-preview-error').count()).toBe(0);

      const saved = (await (
        await fetch(`${base}/api/credential-templates/${summary.id}`, tpladmin)
      ).json()) as CredentialTemplateDetail;
      expect(saved.version).toBe(summary.version + 1);
      const texts = saved.template.schemas.flat().map((s) => (s as { content?: string }).content);
      expect(texts).toContain(EDITED);
      expect(texts).not.toContain(HEADING);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it('shows a new data source key once, which then pushes a record, until it is revoked', async () => {
    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'tpladmin', server.password('tpladmin'));
      await page.goto(`${base}/data`);
      await page.getByTestId('data-source-new').click();
      await page.getByTestId('data-source-name').fill('教务系统');
      await okButton(page).click();
      const keyText = page.getByTestId('data-source-key');
      await keyText.waitFor();
      const apiKey = (await keyText.locator('code').textContent()) ?? '';
      expect(apiKey.length).toBeGreaterThan(20);
      await page.getByTestId('data-source-key-done').click();
      await keyText.waitFor({ state: 'detached' });
      const table = page.getByTestId('data-sources-table');
      await table.getByText('教务系统').waitFor();
      expect(await table.textContent()).not.toContain(apiKey);

      // The how-to's example, sent with the new key: one record for the GPA explanation.
      await page.getByRole('tab', { name: '对接说明' }).click();
      expect(await page.getByTestId('data-howto-curl').textContent()).toContain('/api/integration/records/');
      const push = () =>
        fetch(`${base}/api/integration/records/${TYPE}/2031000001`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            subject: '2031000001',
            subjectName: '测试丙',
            data: { name: '测试丙', studentNo: '2031000001', issueDate: '2026年11月23日' },
          }),
        });
      const pushed = await push();
      expect(pushed.status, await pushed.clone().text()).toBe(200);
      expect(await pushed.json()).toMatchObject({ outcome: 'created' });

      await page.getByRole('tab', { name: '数据源' }).click();
      await page.getByTestId('data-source-revoke').click();
      await okButton(page).click();
      await table.getByText('已于').waitFor();
      expect((await push()).status).toBe(401);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('lets the registrar check an import, fix the bad row, import it and issue the cohort', async () => {
    const creator = await apiSession(base, 'creator', server.password('creator'));
    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'creator', server.password('creator'));
      // The registrar reaches 数据对接 from the menu and picks from the types they may issue.
      await page.getByTestId('nav-menu').getByText('数据对接').click();
      await page.getByRole('tab', { name: '文件导入' }).click();
      const types = (await (
        await fetch(`${base}/api/credential-types`, creator)
      ).json()) as CredentialTemplateSummary[];
      expect(types.map((t) => t.code)).toContain(TYPE);
      expect(types.map((t) => t.code)).not.toContain('employment-certificate-zh');
      await page.getByTestId('import-type').click();
      await page.keyboard.type('employment-certificate-zh');
      await page.locator('.ant-select-dropdown:visible .ant-empty').waitFor();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      await page.keyboard.type(TYPE);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: TYPE })
        .first()
        .click();

      // The template to fill in: an XLSX headed by the labels, with an example row.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('import-template').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/-导入模板\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile((await download.path()) as string);
      const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(TEMPLATE_HEADER);
      expect(String(sheet.getRow(2).getCell(1).value)).toMatch(/^\d{10}$/);

      const file = page.locator('input[type=file][accept=".csv,.xlsx"]');
      await file.setInputFiles({
        name: 'gpa.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(importCsv(true)),
      });
      await page.getByTestId('import-check').click();
      const report = page.getByTestId('import-report');
      await expect.poll(() => report.getAttribute('data-problems')).toBe('1');
      expect(await report.getAttribute('data-imported')).toBe('false');
      const problem = page.getByTestId('import-problem');
      expect(await problem.count()).toBe(1);
      const cells = problem.locator('td');
      expect(await cells.nth(0).textContent()).toBe('3');
      // The column as the template names it, the problem in the console's language.
      expect(await cells.nth(1).textContent()).toBe('学号');
      expect(await cells.nth(2).textContent()).toBe('须为 10 位数字');
      expect(await problem.textContent()).not.toContain('studentNo');
      expect(await page.getByTestId('import-run').isDisabled()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'credentials-import-problems.png'), fullPage: true });
      for (const width of [1366, 375]) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await settled(page);
        await page.screenshot({ path: join(SHOTS, `credentials-import-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1440, height: 960 });
      const before = (await (
        await fetch(`${base}/api/credential-records/cohorts?typeCode=${TYPE}`, creator)
      ).json()) as { cohort: string }[];
      expect(before.map((c) => c.cohort)).not.toContain(COHORT);

      await file.setInputFiles({
        name: 'gpa.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(importCsv(false)),
      });
      await page.getByTestId('import-check').click();
      await expect.poll(() => report.getAttribute('data-problems')).toBe('0');
      await page.getByTestId('import-run').click();
      await expect.poll(() => report.getAttribute('data-imported')).toBe('true');
      expect(await report.textContent()).toContain('新增 2 条');

      await page.getByRole('tab', { name: '数据记录' }).click();
      await choose(page, 'records-type', TYPE);
      await choose(page, 'records-cohort', COHORT);
      await page.locator('[data-testid=record-row][data-subject="2030000002"]').waitFor();
      expect(await page.getByTestId('record-row').count()).toBe(2);

      // Batch issuing for the two people just imported.
      await page.goto(`${base}/jobs`);
      await choose(page, 'job-type', TYPE);
      await choose(page, 'job-cohort', COHORT);
      expect(await page.getByTestId('job-count').getAttribute('data-count')).toBe('2');
      await page.getByTestId('job-start').click();
      await okButton(page).click();
      const row = page.getByTestId('job-row').first();
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
      expect(await row.getByTestId('job-progress').getAttribute('data-percent')).toBe('100');
      expect(await row.getByTestId('job-counts').textContent()).toBe('成功 2 · 失败 0 · 共 2');
      const zip = row.getByTestId('job-zip');
      const href = await zip.getAttribute('href');
      expect(href).toMatch(/^\/api\/credential-jobs\/[^/]+\/zip$/);
      const archive = await row.getByTestId('job-archive').getAttribute('href');
      expect(archive).toMatch(/^\/archive\?jobId=/);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'credentials-jobs.png'), fullPage: true });

      const bytes = new Uint8Array(await (await fetch(`${base}${href}`, creator)).arrayBuffer());
      expect(Buffer.from(bytes.subarray(0, 2)).toString('latin1')).toBe('PK');
      const jobs = (await (await fetch(`${base}/api/credential-jobs`, creator)).json()) as CredentialJob[];
      expect(jobs[0]).toMatchObject({ cohort: COHORT, total: 2, done: 2, failed: 0, status: 'completed' });

      // The same cohort again: the console says plainly that these two already have one.
      await choose(page, 'job-cohort', COHORT);
      await page.getByTestId('job-start').click();
      const question = page.locator('.ant-modal-confirm-title');
      await question.waitFor();
      expect(await question.textContent()).toBe('这 2 人已开具过该凭证，是否重新开具？');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'credentials-jobs-reissue.png'), fullPage: true });
      await page.getByRole('button', { name: '重新开具' }).click();
      const again = page.getByTestId('job-row').first();
      await expect
        .poll(async () => (await (await fetch(`${base}/api/credential-jobs`, creator)).json()).length)
        .toBe(jobs.length + 1);
      await expect.poll(() => again.getAttribute('data-status'), { timeout: 120_000 }).toBe('completed');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 300_000);

  it('fits the jobs and data pages on a 375 px phone', async () => {
    const { page, errors, close } = await newPage(PHONE);
    try {
      await signIn(page, base, 'creator', server.password('creator'));
      for (const path of ['/jobs', '/data']) {
        await page.goto(`${base}${path}`);
        await settled(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      }
      await page.screenshot({ path: join(SHOTS, 'credentials-data-phone.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
