// Issue 15.2, directory sync in the console: the system admin previews a CSV import as a diff table,
// applies it and sees it in the history, at 1366 and 375 px (screenshots). The LDAP path is checked
// against a real slapd in apps/server/test/directory-sync.test.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContextOptions } from 'playwright-core';
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
import { enrolTotp } from './enrol-totp.ts';

// The phone only previews; the wide screen then previews the same diff and applies it.
const SIZES: readonly (readonly [string, BrowserContextOptions])[] = [
  [
    '375',
    {
      viewport: { width: 375, height: 812 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    },
  ],
  ['1366', { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' }],
];

const title = hasChromium
  ? 'directory sync page in headless Chromium'
  : `directory sync page in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer<undefined>;
  let secret: string;
  beforeAll(async () => {
    server = await startE2eServer('directory', { pki: false });
    secret = await enrolTotp(server.base, 'sysadmin', server.password('sysadmin'));
    writeFileSync(
      join(server.dir, 'units.csv'),
      'code,name_zh,name_en,parent_code\nMED,医学院,School of Medicine,\nMED-NUR,护理学系,Department of Nursing,MED\n',
    );
    writeFileSync(
      join(server.dir, 'people.csv'),
      'campus_id,name,email,phone,unit_code\nT3001,陈老师,t3001@school.test,13800000000,MED\nS3001,刘同学,,,MED-NUR\n',
    );
  }, 120_000);
  afterAll(() => server?.close());

  for (const [size, options] of SIZES) {
    it(`previews and applies a CSV import at ${size} px`, async () => {
      const context = await server.browser.newContext(options);
      const page = await context.newPage();
      const errors = pageErrors(page);
      try {
        await signIn(page, server.base, 'sysadmin', server.password('sysadmin'), secret);
        await page.goto(`${server.base}/directory`);
        await page.getByTestId('directory-source').waitFor();
        const file = (which: string) =>
          page
            .locator('.ant-upload', { has: page.getByTestId(`directory-${which}-file`) })
            .locator('input[type=file]');
        await file('units').setInputFiles(join(server.dir, 'units.csv'));
        await file('people').setInputFiles(join(server.dir, 'people.csv'));
        await page.getByTestId('directory-csv-preview').click();
        const diff = page.getByTestId('directory-diff');
        await diff.getByText('护理学系').waitFor();
        await settled(page);
        await page.screenshot({ path: join(SHOTS, `directory-preview-${size}.png`), fullPage: true });
        if (size === '1366') {
          expect(await diff.locator('tr.ant-table-row').count()).toBe(4);
          await page.getByTestId('directory-csv-apply').click();
          await page.getByTestId('directory-history').getByText('已应用').waitFor();
        }
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(widths.scroll).toBeLessThanOrEqual(widths.client);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});
