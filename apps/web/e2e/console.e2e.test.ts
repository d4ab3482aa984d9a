import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  type E2eServer,
  hasChromium,
  menuItems,
  SHOTS,
  signIn as signInAs,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const SCREENSHOT = join(SHOTS, 'login.png');

const title = hasChromium
  ? 'web console in headless Chromium'
  : `web console in headless Chromium — SKIPPED: ${CHROMIUM} is missing (apt-get install chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer<undefined>;
  let browser: Browser;
  let base: string;

  const password = (username: string) => server.password(username);

  const signIn = (page: Page, username: string, totpSecret?: string): Promise<void> =>
    signInAs(page, base, username, password(username), totpSecret);

  beforeAll(async () => {
    server = await startE2eServer('web', { pki: false });
    ({ base, browser } = server);
  });

  afterAll(async () => {
    await server?.close();
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

  it('shows a member only the portal menu, and the org tree of 示范大学 by its address', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'student');
      // A member lands on the credential portal; the menu holds nothing a student cannot use.
      await page.waitForURL(`${base}/portal`);
      expect(await menuItems(page)).toEqual(['电子凭证', '我的申请', '合同签署', '验证']);
      await page.goto(`${base}/org`);
      const tree = page.getByTestId('org-tree');
      await tree.getByText('示范大学').waitFor();
      // Colleges before offices, each group in pinyin order (zh-CN collation).
      const titles = await tree.locator('.ant-tree-title > span:first-child').allTextContents();
      expect(titles).toEqual(['示范大学', '计算机学院', '外国语学院', '党政办公室', '教务处']);
      await page.screenshot({ path: join(SHOTS, 'org.png') });

      await page.getByTestId('language-switch').click();
      await tree.getByText('Demo University').waitFor();
      expect(await menuItems(page)).toEqual([
        'E-credentials',
        'My requests',
        'Contracts',
        'Verify a document',
      ]);

      // Typing an admin page's address does not get past the server: its refusal is shown.
      await page.goto(`${base}/users`);
      const refusal = page.getByTestId('load-failed');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('None of your roles grants this action');
    } finally {
      await context.close();
    }
  });

  it('shows the seal admin the seal registry but not users or the audit log', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await signIn(page, 'sealadmin');
      expect(await menuItems(page)).toEqual([
        '组织机构',
        '印章台账',
        '待我审批',
        '我的申请',
        '已办',
        '合同签署',
        '审批流程',
        '数据报表',
        '签章服务账号',
      ]);
    } finally {
      await context.close();
    }
  });

  it('lets the security admin assign roles, shows ERR_ROLE_CONFLICT, and keeps working after a reload', async () => {
    const secret = await enrolTotp(base, 'secadmin', password('secadmin'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const grant = async (username: string, roleLabel: string) => {
      await page.getByTestId(`grant-${username}`).click();
      await page.getByTestId('grant-role').click();
      await page.locator('.ant-select-item-option', { hasText: roleLabel }).click();
      await page
        .getByRole('button', { name: '确 定' })
        .or(page.getByRole('button', { name: '确定' }))
        .click();
    };
    try {
      await signIn(page, 'secadmin', secret);
      expect(await menuItems(page)).toEqual(['组织机构', '用户与角色', '风险预警', '签章服务账号']);
      // Through the menu, not page.goto: a full page load would drop the in-memory CSRF token.
      await page.getByTestId('nav-menu').getByText('用户与角色').click();
      await page.getByTestId('grant-student').waitFor();
      // The create-user form is the system admin's, not the security admin's (三员分立).
      expect(await page.getByTestId('users-create').count()).toBe(0);

      // The auditor already holds a security role: the server refuses and the page shows its words.
      await grant('auditor', '系统管理员');
      const error = page.getByTestId('grant-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('三员分立');
      await page.keyboard.press('Escape');

      await grant('student', '印章管理员');
      await page.locator('tr', { hasText: 'student' }).getByText('印章管理员 · 计算机学院').waitFor();
      await page.screenshot({ path: join(SHOTS, 'users.png') });

      // The unit filter lists that unit's subtree only: its two members.
      await page.getByTestId('users-unit-filter').click();
      await page.locator('.ant-select-tree-title', { hasText: '计算机学院' }).click();
      await expect
        .poll(() => page.getByTestId('users-table').locator('tbody tr td:first-child').allTextContents())
        .toEqual(['student', 'teacher']);

      // A reload keeps the cookie session and restores the in-memory CSRF token from /api/auth/me, so
      // the next change goes through without signing in again.
      await page.reload();
      await grant('student', '普通成员');
      await page.locator('tr', { hasText: 'student' }).getByText('普通成员 · 计算机学院').waitFor();
      expect(page.url()).toBe(`${base}/users`);
    } finally {
      await context.close();
    }
  });

  it('shows the security auditor only the audit log, with the admins’ actions and working filters', async () => {
    const secret = await enrolTotp(base, 'auditor', password('auditor'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'auditor', secret);
      await page.waitForURL(`${base}/audit`);
      expect(await menuItems(page)).toEqual(['审计日志']);
      const table = page.getByTestId('audit-table');
      await table.getByText('roles.grant').first().waitFor();

      await page.getByTestId('audit-filter-actor').fill('secadmin');
      const actors = await table.locator('tbody tr td:nth-child(3)').allTextContents();
      expect(actors.length).toBeGreaterThan(0);
      expect(new Set(actors)).toEqual(new Set(['secadmin']));

      await page.getByTestId('audit-filter-action').click();
      await page.locator('.ant-select-item-option', { hasText: 'roles.grant' }).click();
      const actions = await table.locator('tbody tr td:nth-child(5)').allTextContents();
      expect(new Set(actions)).toEqual(new Set(['roles.grant']));
      expect(await table.locator('tbody tr td:nth-child(4)').first().textContent()).toBe('安全管理员');
      await page.getByTestId('audit-count').click(); // closes the action dropdown for the screenshot
      await page.locator('.ant-select-item-option').waitFor({ state: 'hidden' });
      await page.screenshot({ path: join(SHOTS, 'audit.png') });
    } finally {
      await context.close();
    }
  });

  it('lets the system admin create an account but not assign roles', async () => {
    const secret = await enrolTotp(base, 'sysadmin', password('sysadmin'));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    try {
      await signIn(page, 'sysadmin', secret);
      expect(await menuItems(page)).toEqual([
        '组织机构',
        '用户与角色',
        '事件推送',
        '组织与人员同步',
        '统一身份认证',
        '邮件服务',
        '短信服务',
        '企业微信与钉钉',
      ]);
      await page.getByTestId('nav-menu').getByText('用户与角色').click();
      await page.getByTestId('users-create').click();
      await page.getByTestId('create-user-username').fill('teacher.li');
      await page.getByTestId('create-user-name').fill('李老师');
      await page.getByTestId('create-user-unit').click();
      await page.locator('.ant-select-tree-title', { hasText: '外国语学院' }).click();
      await page.getByTestId('create-user-password').fill('correct-horse-battery-staple');
      await page
        .getByRole('button', { name: '确 定' })
        .or(page.getByRole('button', { name: '确定' }))
        .click();
      const row = page.getByTestId('users-table').locator('tr', { hasText: 'teacher.li' });
      // The list reloads after the account is created; on a loaded machine that takes a while.
      await row.waitFor({ timeout: 60_000 });
      expect(await row.textContent()).toContain('外国语学院');
      // Roles are the security admin's (三员分立): no assign buttons, no removable role tags.
      expect(await page.locator('[data-testid^="grant-"]').count()).toBe(0);
      expect(await page.locator('.ant-tag-close-icon').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});
