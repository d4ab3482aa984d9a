import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApprovalRequest, ERROR_CODES, type Seal } from '@openseal/contract';
import { verify } from '@openseal/pdf-sign';
import type { Pki } from '@openseal/pki';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';

const A4 = { width: 595.28, height: 841.89 };
const PHONE = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1440, height: 960 } };

/** A one-page contract whose lines the test chooses, so a resubmission's diff is known. */
async function contractPdf(lines: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([A4.width, A4.height]);
  page.drawText('Technical Services Contract', { x: 72, y: 760, size: 18, font });
  lines.forEach((line, i) => {
    page.drawText(line, { x: 72, y: 700 - i * 24, size: 12, font });
  });
  page.drawText('Party A (seal):', { x: 330, y: 200, size: 12, font });
  return doc.save();
}

const CONTRACT_LINES = ['Party B: Example Software Co., Ltd.', 'Fee: 50,000 yuan', 'Term: 12 months'];

const title = hasChromium
  ? 'seal-use approvals in headless Chromium'
  : `seal-use approvals in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let dir: string;
  let pki: Pki;
  let browser: Browser;
  let base: string;
  let contractSeal: Seal;
  const apiSessions = new Map<string, { headers: Record<string, string> }>();

  const password = (username: string) => server.password(username);

  /** One API session per account: the server rate-limits sign-ins. */
  async function apiSessionOf(username: string) {
    let session = apiSessions.get(username);
    if (!session) {
      session = await apiSession(base, username, password(username));
      apiSessions.set(username, session);
    }
    return session;
  }

  /** A JSON call as `username`, failing the test on an unexpected status. */
  async function call<T>(username: string, method: string, path: string, body?: unknown, expected = 200) {
    const session = await apiSessionOf(username);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...session.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path} as ${username}: ${text}`).toBe(expected);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Files a contract-seal request as the creator through the API (the UI path is tested once, below). */
  async function fileRequest(name: string, pdf: Uint8Array, purpose: string): Promise<ApprovalRequest> {
    return call<ApprovalRequest>(
      'creator',
      'POST',
      '/api/requests/use',
      {
        type: 'seal.use',
        payload: {
          sealId: contractSeal.id,
          documentType: 'contract',
          purpose,
          copies: 1,
          placement: { kind: 'page', page: 1, x: 420, y: 200 },
        },
        file: await stageUpload(base, await apiSessionOf('creator'), name, pdf),
      },
      201,
    );
  }

  const approve = (username: string, id: string, comment: string) =>
    call<ApprovalRequest>(username, 'POST', `/api/requests/${id}/act`, { action: 'approve', comment });

  async function session(username: string, options: Parameters<Browser['newContext']>[0] = DESKTOP) {
    const context = await browser.newContext({ ...options, acceptDownloads: true });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await signIn(page, base, username, password(username));
    return { context, page, errors };
  }

  async function sealedTotal(page: Page): Promise<number> {
    await page.goto(`${base}/dashboard`);
    const stat = page.getByTestId('stat-sealed-total');
    await stat.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await stat.textContent())?.trim() ?? '').toMatch(/^\d+$/);
    return Number((await stat.textContent())?.trim());
  }

  async function openRequest(page: Page, id: string) {
    await page.goto(`${base}/requests/${id}`);
    await page.getByTestId('request-title').waitFor();
  }

  const status = (page: Page) =>
    page.getByTestId('request-detail').getByTestId('request-status').getAttribute('data-status');

  beforeAll(async () => {
    server = await startE2eServer('approvals');
    ({ dir, pki, base, browser } = server);
    const requestable = await call<Seal[]>('creator', 'GET', '/api/seals/requestable');
    const found = requestable.find((s) => s.name === '示范大学合同专用章');
    if (!found) throw new Error(`no contract seal among ${requestable.map((s) => s.name).join(', ')}`);
    contractSeal = found;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('creator asks, leader approves on a phone, the seal office approves, the creator stamps a verifiable PDF', async () => {
    const pdfPath = join(dir, 'service-contract.pdf');
    writeFileSync(pdfPath, await contractPdf(CONTRACT_LINES));
    const contexts: BrowserContext[] = [];
    const errors: string[][] = [];
    try {
      // The seal office's dashboard count before anything is stamped.
      const office = await session('sealoffice');
      contexts.push(office.context);
      errors.push(office.errors);
      const before = await sealedTotal(office.page);

      // 1. The creator files the request in the console, placing the seal by a click on the page.
      const creator = await session('creator');
      contexts.push(creator.context);
      errors.push(creator.errors);
      const cp = creator.page;
      expect(await menuItems(cp)).toEqual(
        expect.arrayContaining(['用印申请', '待我审批', '我的申请', '已办']),
      );
      await cp.getByTestId('nav-menu').getByText('用印申请').click();
      await cp.waitForURL(`${base}/requests/new`);
      // A Word file is not previewed here: the page says the server converts it.
      await cp.locator('input[type=file]').setInputFiles({
        name: 'contract.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: Buffer.from('PK\u0003\u0004 not really a document'),
      });
      expect(await cp.getByTestId('request-office-file').textContent()).toContain('由服务器转换为 PDF');
      await cp.getByRole('button', { name: '换一个文件' }).click();
      await cp.locator('input[type=file]').setInputFiles(pdfPath);
      const canvas = cp.getByTestId('pdf-page');
      await canvas.waitFor();
      await expect.poll(() => cp.getByTestId('request-page-number').textContent()).toBe('第 1 / 1 页');
      // The document type first: its option 合同 would also match the seal's name in a closing list.
      await pick(cp, 'request-document-type', '合同');
      await pick(cp, 'request-seal', '示范大学合同专用章');
      const sealPicture = cp.getByTestId('request-seal-preview').locator('img[data-testid=seal-image]');
      await expect
        .poll(() => sealPicture.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      await cp.getByTestId('request-purpose').fill('与示例软件公司签订技术服务合同');
      await cp.getByTestId('request-amount').fill('50000');
      const placed = cp.getByTestId('request-placed');
      await expect
        .poll(async () => {
          const box = await canvas.boundingBox();
          if (!box) return false;
          await canvas.click({ position: { x: box.width * 0.82, y: box.height * 0.76 } });
          return placed.isVisible();
        })
        .toBe(true);
      const x = Number(await placed.getAttribute('data-x'));
      const y = Number(await placed.getAttribute('data-y'));
      expect(Math.abs(x - A4.width * 0.82)).toBeLessThan(2);
      expect(Math.abs(y - A4.height * 0.24)).toBeLessThan(2);
      await cp.getByTestId('seal-mark').waitFor();
      await settled(cp);
      await cp.screenshot({ path: join(SHOTS, 'request-new.png'), fullPage: true });
      await cp.getByTestId('request-submit').click();
      await cp.waitForURL(/\/requests\/(?!new)[^/]+$/);
      const id = decodeURIComponent(new URL(cp.url()).pathname.split('/').pop() ?? '');
      await cp.getByTestId('request-title').waitFor();
      expect(await status(cp)).toBe('pending');
      const filed = await call<ApprovalRequest>('creator', 'GET', `/api/requests/${id}`);
      expect(filed.payload).toMatchObject({ documentType: 'contract', amount: 50000, copies: 1 });
      expect(filed.currentApprovers.map((p) => p.name)).toEqual(['教务处处长']);

      // 2. The head of 教务处 decides on a phone: inbox, the PDF fits the screen, approve with a comment.
      const leader = await session('leader', PHONE);
      contexts.push(leader.context);
      errors.push(leader.errors);
      const lp = leader.page;
      await lp.locator('.ant-layout-sider-zero-width-trigger').click();
      const inboxItem = lp.getByTestId('nav-menu').getByText('待我审批');
      await inboxItem.click();
      await lp.waitForURL(`${base}/requests/inbox`);
      await expect.poll(() => lp.getByTestId('nav-menu').getByTestId('inbox-count').textContent()).toBe('1');
      const row = lp.locator(`[data-testid=request-row][data-id="${id}"]`);
      await row.waitFor();
      await settled(lp);
      await lp.screenshot({ path: join(SHOTS, 'inbox-phone.png') });
      expect(await lp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await row.click();
      await lp.waitForURL(`${base}/requests/${id}`);
      const pages = lp.getByTestId('request-file-pages');
      // pdf.js parses in a worker: on a loaded machine that takes seconds.
      await expect.poll(() => pages.getAttribute('data-pages'), { timeout: 30_000 }).toBe('1');
      const drawn = pages.getByTestId('pdf-page');
      await drawn.waitFor();
      await settled(lp);
      // pdf.js really drew the page (not a blank canvas), and it fits the phone's width.
      expect(await drawn.evaluate((c: HTMLCanvasElement) => c.width)).toBeGreaterThan(0);
      const drawnBox = await drawn.boundingBox();
      expect(drawnBox?.width).toBeGreaterThan(250);
      expect((drawnBox?.x ?? 0) + (drawnBox?.width ?? 999)).toBeLessThanOrEqual(375);
      expect(
        await drawn.evaluate((c: HTMLCanvasElement) => {
          const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark++;
          return dark;
        }),
      ).toBeGreaterThan(100);
      expect(await lp.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // The action bar stays at the bottom of the screen while the page scrolls.
      const bar = lp.getByTestId('request-actions');
      await lp.evaluate(() => window.scrollTo(0, 0));
      const barBox = await bar.boundingBox();
      expect(Math.abs((barBox?.y ?? 0) + (barBox?.height ?? 0) - 812)).toBeLessThan(2);
      await lp.getByTestId('action-comment').fill('同意，请按合同规定用印');
      await lp.screenshot({ path: join(SHOTS, 'request-detail-phone.png') });
      await lp.getByTestId('action-approve').click();
      await bar.waitFor({ state: 'detached' });
      const leaderStep = lp.locator('[data-testid=request-step][data-step=head]');
      await expect.poll(() => leaderStep.getAttribute('data-status')).toBe('done');
      expect(await leaderStep.textContent()).toContain('同意，请按合同规定用印');

      // 3. The school's seal office approves on the desktop.
      const op = office.page;
      await op.goto(`${base}/requests/inbox`);
      await op.locator(`[data-testid=request-row][data-id="${id}"]`).click();
      await op.getByTestId('request-file-pages').getByTestId('pdf-page').waitFor();
      await op.getByTestId('action-comment').fill('已核对合同文本');
      await settled(op);
      await op.screenshot({ path: join(SHOTS, 'request-detail.png') });
      await op.getByTestId('action-approve').click();
      await expect.poll(() => status(op)).toBe('approved');

      // 4. The creator stamps with one click: the approved file, sealed, downloads and verifies.
      await cp.goto(`${base}/requests/mine`);
      await cp.locator(`[data-testid=request-row][data-id="${id}"]`).click();
      await expect.poll(() => status(cp)).toBe('approved');
      const [download] = await Promise.all([
        cp.waitForEvent('download', { timeout: 60_000 }),
        cp.getByTestId('action-stamp').click(),
      ]);
      expect(download.suggestedFilename()).toBe('service-contract-sealed.pdf');
      const sealed = new Uint8Array(readFileSync(await download.path()));
      const sha256 = createHash('sha256').update(sealed).digest('hex');
      await expect.poll(() => cp.getByTestId('request-sha256').textContent()).toContain(sha256);
      const report = await verify(sealed, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict, JSON.stringify(report.summary)).toBe('authentic');
      const signature = report.signatures.find((s) => s.kind === 'signature');
      expect(signature?.signer?.serialHex.toLowerCase()).toBe(contractSeal.certificateSerial?.toLowerCase());
      const checked = await pdfsig(await download.path(), pki.root.certificate.toPem());
      expect(checked.valid, checked.output).toBe(true);
      expect(checked.trusted, checked.output).toBe(true);
      await expect.poll(() => cp.getByTestId('request-stamped').textContent()).toContain('1 / 1');

      // 4b. The sealed copy is kept: after a reload the page lists it and downloads the same bytes.
      await cp.reload();
      const kept = cp.getByTestId('request-sealed-file');
      await kept.waitFor({ timeout: 30_000 });
      await expect.poll(() => kept.textContent()).toContain(sha256);
      const [again] = await Promise.all([
        cp.waitForEvent('download', { timeout: 60_000 }),
        cp.getByTestId('request-sealed-download').click(),
      ]);
      expect(again.suggestedFilename()).toBe('service-contract-sealed.pdf');
      expect(Buffer.compare(readFileSync(await again.path()), Buffer.from(sealed))).toBe(0);
      // The school's time zone, labelled, whatever the browser's own zone.
      await expect
        .poll(() => kept.textContent())
        .toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间 \/ UTC\+8）/);
      await settled(cp);
      await cp.setViewportSize({ width: 1366, height: 900 });
      await settled(cp);
      await cp.screenshot({ path: join(SHOTS, 'request-sealed-copy-1366.png'), fullPage: true });
      const phone = await browser.newContext({ ...PHONE, acceptDownloads: true });
      contexts.push(phone);
      const pp = await phone.newPage();
      const phoneErrors = pageErrors(pp);
      errors.push(phoneErrors);
      await signIn(pp, base, 'creator', password('creator'));
      await openRequest(pp, id);
      await pp.getByTestId('request-sealed-file').scrollIntoViewIfNeeded();
      await settled(pp);
      await pp.screenshot({ path: join(SHOTS, 'request-sealed-copy-375.png'), fullPage: true });
      // Through the API, the unit's file admin gets the same bytes; an approver does not.
      const view = await call<ApprovalRequest>('fileadmin', 'GET', `/api/requests/${id}`);
      const [copy] = view.sealedFiles;
      const byFileAdmin = await fetch(`${base}/api/requests/${id}/sealed/${copy?.ledgerId}`, {
        headers: (apiSessions.get('fileadmin') as { headers: Record<string, string> }).headers,
      });
      expect(byFileAdmin.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await byFileAdmin.arrayBuffer()), Buffer.from(sealed))).toBe(0);
      await call('leader', 'GET', `/api/requests/${id}/sealed/${copy?.ledgerId}`, undefined, 404);

      // 5. The seal office's dashboard counts the new sealed document.
      await expect.poll(() => sealedTotal(op), { timeout: 30_000 }).toBe(before + 1);
      for (const e of errors) expect(e).toEqual([]);
    } finally {
      for (const c of contexts) await c.close();
    }
  }, 240_000);

  it('refuses to stamp a swapped file with the API message, and the security admin sees the alert', async () => {
    const request = await fileRequest(
      'lease.pdf',
      await contractPdf(['Lease of room 101', 'Rent: 2,000 yuan']),
      '房屋租赁合同',
    );
    await approve('leader', request.id, '同意');
    await approve('sealoffice', request.id, '同意');
    const swappedPath = join(dir, 'lease-swapped.pdf');
    writeFileSync(swappedPath, await contractPdf(['Lease of room 101', 'Rent: 200 yuan']));

    const creator = await session('creator');
    try {
      const cp = creator.page;
      await openRequest(cp, request.id);
      await cp.getByTestId('action-stamp-copy').click();
      await cp.locator('.ant-modal input[type=file]').setInputFiles(swappedPath);
      await cp.getByTestId('stamp-copy-submit').click();
      const refusal = cp.getByTestId('stamp-copy-error');
      await refusal.waitFor({ timeout: 30_000 });
      expect(await refusal.textContent()).toContain(ERROR_CODES.ERR_REQUEST_FILE_MISMATCH.zh);
      const after = await call<ApprovalRequest>('creator', 'GET', `/api/requests/${request.id}`);
      expect(after.stamped).toBe(0);
      await cp.keyboard.press('Escape');
      // The stamping dialog fades out; its buttons must be gone before the next dialog's are clicked.
      await expect.poll(() => cp.locator('.ant-modal-wrap:visible').count()).toBe(0);

      // A pending request can be withdrawn by its requester.
      const second = await fileRequest('draft.pdf', await contractPdf(['Draft']), '草稿合同');
      await openRequest(cp, second.id);
      await cp.getByTestId('action-withdraw').click();
      await okButton(cp.locator('.ant-popconfirm')).click();
      await expect.poll(() => status(cp)).toBe('withdrawn');
      expect(await cp.getByTestId('request-actions').count()).toBe(0);
      expect(creator.errors).toEqual([]);
    } finally {
      await creator.context.close();
    }

    const secret = await enrolTotp(base, 'secadmin', password('secadmin'));
    const context = await browser.newContext(DESKTOP);
    try {
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(page, base, 'secadmin', password('secadmin'), secret);
      await page.goto(`${base}/alerts`);
      const row = page.getByTestId('alert-row').filter({ hasText: zhCN['risk.rule.file-mismatch'] }).first();
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getAttribute('data-rule')).toBe('file-mismatch');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('returns a request for changes; the resubmitted file shows its changed line in the diff', async () => {
    const request = await fileRequest('purchase.pdf', await contractPdf(CONTRACT_LINES), '采购合同');
    const v2Path = join(dir, 'purchase-v2.pdf');
    writeFileSync(
      v2Path,
      await contractPdf(['Party B: Example Software Co., Ltd.', 'Fee: 45,000 yuan', 'Term: 12 months']),
    );

    const leader = await session('leader');
    const creator = await session('creator');
    try {
      const lp = leader.page;
      await openRequest(lp, request.id);
      // Returning needs a comment: the API's refusal shows first.
      await lp.getByTestId('action-return').click();
      const refusal = lp.getByTestId('request-action-error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(ERROR_CODES.ERR_FLOW_COMMENT_REQUIRED.zh);
      await lp.getByTestId('action-comment').fill('费用请改为 45,000 元');
      await lp.getByTestId('action-return').click();
      await expect.poll(() => status(lp)).toBe('returned');

      const cp = creator.page;
      await openRequest(cp, request.id);
      expect(await status(cp)).toBe('returned');
      expect(await cp.getByTestId('request-history').textContent()).toContain('费用请改为 45,000 元');
      await cp.getByTestId('action-resubmit').click();
      await cp.locator('.ant-modal input[type=file]').setInputFiles(v2Path);
      await cp.getByTestId('resubmit-purpose').fill('采购合同（已按意见修改费用）');
      await cp.getByTestId('resubmit-submit').click();
      await expect.poll(() => status(cp)).toBe('pending');

      await openRequest(lp, request.id);
      await lp.getByTestId('request-tab-diff').click();
      const added = lp.locator('[data-testid=diff-part][data-kind=added]');
      const removed = lp.locator('[data-testid=diff-part][data-kind=removed]');
      await added.first().waitFor();
      expect(await added.allTextContents()).toEqual([expect.stringContaining('45,000')]);
      expect(await removed.allTextContents()).toEqual([expect.stringContaining('50,000')]);
      expect(await removed.first().evaluate((e) => getComputedStyle(e).textDecorationLine)).toBe(
        'line-through',
      );
      await settled(lp);
      await lp.screenshot({ path: join(SHOTS, 'request-diff.png'), fullPage: true });
      // The English catalogue covers the request page too.
      await lp.getByTestId('language-switch').click();
      await expect.poll(() => lp.getByTestId('action-approve').textContent()).toBe('Approve');
      expect(await lp.getByTestId('request-tab-diff').textContent()).toBe('Changes');
      expect(await lp.getByTestId('request-detail').getByTestId('request-status').textContent()).toBe(
        'Pending',
      );
      await settled(lp);
      await lp.screenshot({ path: join(SHOTS, 'request-detail-en.png') });
      await lp.getByTestId('language-switch').click();
      expect(leader.errors).toEqual([]);
      expect(creator.errors).toEqual([]);
    } finally {
      await leader.context.close();
      await creator.context.close();
    }
  }, 180_000);

  it('lets the seal office edit a flow without code, showing the server validation beside the step', async () => {
    const office = await session('sealoffice');
    try {
      const page = office.page;
      await page.getByTestId('nav-menu').getByText('审批流程').click();
      await page.waitForURL(`${base}/flows`);
      await page.locator('[data-testid=flow-item][data-type="seal.destroy"]').click();
      const editor = page.getByTestId('flow-editor');
      const step = editor.getByTestId('flow-step').first();
      await step.waitFor();
      // An escalation without a deadline: the server refuses and says so on that step.
      await step.getByTestId('flow-deadline').fill('');
      await step.getByTestId('flow-add-escalation').click();
      await editor.getByTestId('flow-add-stage').click();
      expect(await editor.getByTestId('flow-stage').count()).toBe(2);
      await editor.getByTestId('flow-save').click();
      const problem = step.getByTestId('flow-step-error');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('escalat');
      await step.getByTestId('flow-deadline').fill('12');
      await editor.getByTestId('flow-save').click();
      await page.locator('[data-testid=flow-item][data-type="seal.destroy"]').getByText('已自定义').waitFor();
      const flows = await call<
        { requestType: string; customised: boolean; definition: { stages: unknown[] } }[]
      >('sealoffice', 'GET', '/api/flows');
      const saved = flows.find((f) => f.requestType === 'seal.destroy');
      expect(saved?.customised).toBe(true);
      expect(saved?.definition.stages).toHaveLength(2);
      await page.locator('.ant-message-notice').waitFor({ state: 'detached', timeout: 10_000 });
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'flows.png'), fullPage: true });
      expect(office.errors).toEqual([]);
    } finally {
      await office.context.close();
    }
  }, 120_000);

  it('lets a delegate approve for the head of unit, hands the physical seal out and back, and notifies the requester', async () => {
    const requestable = await call<Seal[]>('creator', 'GET', '/api/seals/requestable');
    const physical = requestable.find((x) => x.physical);
    if (!physical) throw new Error('no physical seal is requestable');
    const request = await call<ApprovalRequest>(
      'creator',
      'POST',
      '/api/requests/use',
      {
        type: 'seal.physicalUse',
        payload: {
          sealId: physical.id,
          documentType: 'official-letter',
          purpose: '赴教育厅办理备案，需加盖实物公章',
          copies: 2,
          returnBy: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        },
      },
      201,
    );
    const president = await call<{ user: { id: string } }>('president', 'GET', '/api/auth/me');

    // The head of 教务处 is away: he lets the school's leader decide for him, from the user menu.
    const leader = await session('leader');
    try {
      await leader.page.getByTestId('user-menu').click();
      await leader.page.getByText('委托审批').click();
      await leader.page.getByTestId('delegation-to').fill(president.user.id);
      await leader.page.getByTestId('delegation-submit').click();
      await leader.page.getByTestId('delegation-end').waitFor();
      expect(leader.errors).toEqual([]);
    } finally {
      await leader.context.close();
    }

    const delegate = await session('president');
    try {
      const dp = delegate.page;
      await openRequest(dp, request.id);
      expect(await dp.getByTestId('action-on-behalf').textContent()).toContain('代 教务处处长 审批');
      await dp.getByTestId('action-comment').fill('代处长同意');
      await dp.getByTestId('action-approve').click();
      const step = dp.locator('[data-testid=request-step][data-step=head]');
      await expect.poll(() => step.getAttribute('data-status')).toBe('done');
      expect(await step.textContent()).toContain('代 教务处处长 审批');
      expect(delegate.errors).toEqual([]);
    } finally {
      await delegate.context.close();
    }
    await approve('sealoffice', request.id, '同意借用');

    const office = await session('sealoffice');
    try {
      const op = office.page;
      await openRequest(op, request.id);
      await op.getByTestId('action-checkout').click();
      const custody = op.getByTestId('request-custody');
      await expect.poll(() => custody.textContent()).toContain('尚未归还');
      await op.getByTestId('action-take-back').click();
      await expect.poll(() => custody.textContent()).toContain('已于');
      const back = await call<ApprovalRequest>('creator', 'GET', `/api/requests/${request.id}`);
      expect(back.custody?.returnedAt).toBeTruthy();
      expect(office.errors).toEqual([]);
    } finally {
      await office.context.close();
    }

    // The requester's bell lists the decision; opening the list marks it read; an entry opens the request.
    const creator = await session('creator');
    try {
      const cp = creator.page;
      await cp.getByTestId('notification-bell').click();
      const list = cp.getByTestId('notifications');
      const approved = list.getByTestId('notification').filter({ hasText: '您的申请已批准' });
      await approved.first().waitFor();
      await expect
        .poll(async () =>
          (await call<{ readAt: string | null }[]>('creator', 'GET', '/api/notifications')).every(
            (n) => n.readAt,
          ),
        )
        .toBe(true);
      await approved.first().click();
      await cp.waitForURL(/\/requests\/[^/]+$/);
      await cp.getByTestId('request-title').waitFor();
      expect(creator.errors).toEqual([]);
    } finally {
      await creator.context.close();
    }
  }, 180_000);
});
