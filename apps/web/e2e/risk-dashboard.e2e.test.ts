import { join } from 'node:path';
import type { ReportSummary, RiskAlert, RiskRule, UsableSeal } from '@openseal/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  pageErrors,
  pick,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';
import { sealUseUrl } from './seal-use-url.ts';

/** A one-page PDF whose text layer holds `line`, made here so the test owns its input. */
async function letterPdf(line: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Demo University - Transcript', { x: 72, y: 760, size: 18, font });
  page.drawText(line, { x: 72, y: 700, size: 12, font });
  return doc.save();
}

/** The <input> of an antd field whose data-testid sits on the input itself or on a wrapper. */
const inputOf = (l: Locator): Locator => l.locator('xpath=self::input | .//input').first();

const title = hasChromium
  ? 'risk alerts and the reports dashboard in headless Chromium'
  : `risk alerts and the reports dashboard in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;
  let creator: { headers: Record<string, string> };
  let transcriptSeal: string;
  let transcriptSealName: string;
  let secadminSecret: string;

  const password = (username: string) => server.password(username);

  /** A real grant-based seal use by the business creator, through the HTTP API. */
  async function stamp(purpose: string, line = 'Student: Zhang San'): Promise<void> {
    const use = {
      placement: { kind: 'page', page: 1, x: 400, y: 150 },
      documentType: 'transcript',
      purpose,
    } as const;
    const res = await fetch(sealUseUrl(base, transcriptSeal, use), {
      method: 'POST',
      headers: { ...creator.headers, 'content-type': 'application/pdf' },
      body: Buffer.from(await letterPdf(line)),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await res.arrayBuffer();
  }

  async function newPage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 960 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    return { page, errors: pageErrors(page), close: () => context.close() };
  }

  beforeAll(async () => {
    server = await startE2eServer('risk');
    ({ base, browser } = server);
    creator = await apiSession(base, 'creator', password('creator'));
    const usable = (await (await fetch(`${base}/api/seals/usable`, creator)).json()) as UsableSeal[];
    const seal = usable.find((u) => u.documentTypes.includes('transcript'))?.seal;
    if (!seal) throw new Error('the demo creator has no transcript seal');
    transcriptSeal = seal.id;
    transcriptSealName = seal.name;
    secadminSecret = await enrolTotp(base, 'secadmin', password('secadmin'));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lets the security admin tighten a rule, then acknowledge and resolve the alert a real burst raises', async () => {
    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'secadmin', password('secadmin'), secadminSecret);
      await page.goto(`${base}/alerts`);
      await page.getByRole('tab', { name: '规则' }).click();

      // Rules: two uses by one person within 10 minutes now count as a burst.
      const burst = page.getByTestId('rule-card-burst');
      await burst.waitFor();
      const count = inputOf(page.getByTestId('rule-burst-perUser-count'));
      await count.fill('2');
      await page.getByTestId('rule-burst-save').click();
      await expect.poll(async () => page.getByTestId('rule-burst-updated').textContent()).toContain('修改于');
      const rules = (await (await page.request.get(`${base}/api/risk/rules`)).json()) as RiskRule[];
      expect(rules.find((r) => r.id === 'burst')?.params).toEqual({
        perUser: { count: 2, minutes: 10 },
        perSeal: { count: 100, minutes: 10 },
      });
      await page.screenshot({ path: join(SHOTS, 'risk-rules.png'), fullPage: true });

      await stamp('第一份成绩单');
      await stamp('第二份成绩单');

      await page.getByRole('tab', { name: '预警' }).click();
      const row = page.locator('[data-testid=alert-row][data-rule=burst]').first();
      await row.waitFor();
      const id = await row.getAttribute('data-row-key');
      expect(id).toBeTruthy();
      expect(await row.getByTestId('alert-details').textContent()).toBe(
        '同一用户 10 分钟内用印 2 次（阈值 2 次）（盖章时）',
      );
      expect(await row.textContent()).toContain('短时高频用印');
      expect(await row.getByTestId('alert-status').textContent()).toBe('待处理');
      // The seal and the person by name, not by id.
      expect(await row.getByTestId('alert-seal').textContent()).toBe(transcriptSealName);
      const me = (await (await fetch(`${base}/api/auth/me`, creator)).json()) as {
        user: { displayName: string };
      };
      expect(await row.getByTestId('alert-user').textContent()).toBe(me.user.displayName);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'risk-alerts.png'), fullPage: true });
      for (const width of [1366, 375]) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        await settled(page);
        await page.screenshot({ path: join(SHOTS, `risk-alerts-${width}.png`), fullPage: true });
      }
      await page.setViewportSize({ width: 1440, height: 960 });

      await row.getByTestId('alert-acknowledge').click();
      await page.getByTestId('alert-note').fill('已联系经办人，属于集中办理成绩单');
      await page.getByTestId('alert-note-submit').click();
      await page.getByTestId('alert-note').waitFor({ state: 'detached' });

      await pick(page, 'alerts-filter-status', '已确认');
      const acknowledged = page.locator(`[data-testid=alert-row][data-row-key="${id}"]`);
      await expect.poll(() => acknowledged.getByTestId('alert-status').textContent()).toBe('已确认');
      await acknowledged.getByTestId('alert-resolve').click();
      await page.getByTestId('alert-note').fill('核实无误，关闭');
      await page.getByTestId('alert-note-submit').click();
      await page.getByTestId('alert-note').waitFor({ state: 'detached' });

      await pick(page, 'alerts-filter-status', '已处理');
      const resolved = page.locator(`[data-testid=alert-row][data-row-key="${id}"]`);
      await expect.poll(() => resolved.getByTestId('alert-status').textContent()).toBe('已处理');
      await resolved.locator('.ant-table-row-expand-icon').click();
      const notes = page.getByTestId('alert-notes');
      await expect.poll(() => notes.textContent()).toContain('核实无误，关闭');
      expect(await notes.textContent()).toContain('已联系经办人');

      const stored = (await (
        await page.request.get(`${base}/api/risk/alerts?status=resolved`)
      ).json()) as RiskAlert[];
      const alert = stored.find((a) => a.id === id);
      expect(alert?.notes.map((n) => [n.by, n.text])).toEqual([
        ['secadmin', '已联系经办人，属于集中办理成绩单'],
        ['secadmin', '核实无误，关闭'],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('raises a sensitive-words alert on the next use once the security admin adds the word', async () => {
    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'secadmin', password('secadmin'), secadminSecret);
      await page.goto(`${base}/alerts`);
      await page.getByRole('tab', { name: '敏感词' }).click();
      await page.getByTestId('word-input').fill('TOPSECRET');
      await page.getByTestId('word-add').click();
      await expect
        .poll(() => page.getByTestId('word-row').allTextContents())
        .toEqual([expect.stringContaining('TOPSECRET')]);

      await stamp('含敏感词的文件', 'Grade list - TOP SECRET draft');

      await page.getByRole('tab', { name: '预警' }).click();
      const row = page.locator('[data-testid=alert-row][data-rule=sensitive-words]');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.getByTestId('alert-details').textContent()).toBe('文件含敏感词：TOPSECRET（盖章时）');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);

  it('shows the seal office the same numbers as the reports API, and one more after one more use', async () => {
    const { page, errors, close } = await newPage();
    try {
      await signIn(page, base, 'sealoffice', password('sealoffice'));
      const answer = page.waitForResponse((r) => r.url().includes('/api/reports/summary'));
      await page.goto(`${base}/dashboard`);
      const url = (await answer).url();
      expect(new URL(url).searchParams.get('unitId')).toBe(server.demo.units.school);
      const api = (await (await page.request.get(url)).json()) as ReportSummary;
      // Three uses by the tests above.
      expect(api.sealed.total).toBe(3);

      const total = page.getByTestId('stat-sealed-total');
      await expect.poll(() => total.textContent()).toBe(String(api.sealed.total));
      const chart = async (testId: string) =>
        JSON.parse((await page.getByTestId(testId).getAttribute('data-chart')) ?? 'null') as {
          labels: string[];
          series: { values: number[] }[];
        };
      const bySeal = await chart('chart-by-seal');
      expect(bySeal.labels).toEqual(api.sealed.bySeal.map((s) => s.name));
      expect(bySeal.series[0]?.values).toEqual(api.sealed.bySeal.map((s) => s.count));
      const byPeriod = await chart('chart-by-period');
      expect(byPeriod.labels).toEqual(api.sealed.byPeriod.map((p) => p.period));
      expect(byPeriod.series[0]?.values).toEqual(api.sealed.byPeriod.map((p) => p.count));
      // ECharts drew into a canvas.
      await page.getByTestId('chart-by-seal').locator('canvas').first().waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('dashboard-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^sealed-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);

      await stamp('再盖一份');
      await page.reload();
      await expect.poll(() => total.textContent()).toBe(String(api.sealed.total + 1));
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
