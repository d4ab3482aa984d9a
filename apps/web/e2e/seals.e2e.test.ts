import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ApprovalRequest, type ErrorBody, SEAL_WARNINGS, type UsableSeal } from '@openseal/contract';
import { sign, verify } from '@openseal/pdf-sign';
import type { Pki } from '@openseal/pki';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
  CHROMIUM,
  type E2eServer,
  hasChromium,
  menuItems,
  pageErrors,
  pdfsig,
  pick,
  SHOTS,
  settled,
  signIn,
  startE2eServer,
} from './e2e-support.ts';
import { enrolTotp } from './enrol-totp.ts';
import { sealUseUrl } from './seal-use-url.ts';

/** A4 in points. */
const A4 = { width: 595.28, height: 841.89 };

/** A one-page transcript-like PDF, made here so the test owns its input. */
async function transcriptPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([A4.width, A4.height]);
  page.drawText('Demo University - Academic Transcript', { x: 72, y: 760, size: 18, font });
  const rows = ['Student: Zhang San', 'Programme: Computer Science', 'Mathematics  92', 'Physics  88'];
  rows.forEach((row, i) => {
    page.drawText(row, { x: 72, y: 700 - i * 24, size: 12, font });
  });
  page.drawText('Registrar (seal):', { x: 330, y: 200, size: 12, font });
  return doc.save();
}

interface Widget {
  page: number;
  rect: [number, number, number, number];
}

/** The signature widgets of a PDF: page (1-based) and /Rect, read independently with pdf-lib. */
async function signatureWidgets(bytes: Uint8Array): Promise<Widget[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found: Widget[] = [];
  doc.getPages().forEach((page, index) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const annot = annots?.lookupMaybe(i, PDFDict);
      if (annot?.get(PDFName.of('Subtype')) !== PDFName.of('Widget')) continue;
      const field = annot.has(PDFName.of('FT')) ? annot : annot.lookupMaybe(PDFName.of('Parent'), PDFDict);
      if (field?.get(PDFName.of('FT')) !== PDFName.of('Sig')) continue;
      const rect = annot.lookup(PDFName.of('Rect'), PDFArray);
      const n = (k: number) => rect.lookup(k, PDFNumber).asNumber();
      found.push({ page: index + 1, rect: [n(0), n(1), n(2), n(3)] });
    }
  });
  return found;
}

const title = hasChromium
  ? 'seal registry and stamping in headless Chromium'
  : `seal registry and stamping in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let dir: string;
  let pki: Pki;
  let browser: Browser;
  let base: string;

  const password = (username: string) => server.password(username);

  /** A fresh browser context and page, with the page's uncaught errors collected. */
  async function openPage(options: Parameters<Browser['newContext']>[0]) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    return { context, page, errors: pageErrors(page) };
  }

  /** openPage, then signs `username` in; the context is closed if signing in fails. */
  async function signedInPage(
    username: string,
    options: Parameters<Browser['newContext']>[0],
    totpSecret?: string,
  ) {
    const opened = await openPage(options);
    try {
      await signIn(opened.page, base, username, password(username), totpSecret);
    } catch (error) {
      await opened.context.close();
      throw error;
    }
    return opened;
  }

  /** Approves request `id` through the API with `session`; the request must end approved or completed. */
  async function approveWith(
    session: { headers: Record<string, string> },
    id: string,
  ): Promise<ApprovalRequest> {
    const answer = await fetch(`${base}/api/requests/${id}/act`, {
      method: 'POST',
      headers: { ...session.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'approve', comment: '同意' }),
    });
    const text = await answer.text();
    expect(answer.status, text).toBe(200);
    const done = JSON.parse(text) as ApprovalRequest;
    expect(done.status, text).toMatch(/^(approved|completed)$/);
    return done;
  }

  beforeAll(async () => {
    server = await startE2eServer('seals');
    ({ dir, pki, base, browser } = server);
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('lets the business creator stamp a transcript by clicking on the page, and the download verifies', async () => {
    const pdfPath = join(dir, 'transcript-2025.pdf');
    writeFileSync(pdfPath, await transcriptPdf());
    const { context, page, errors } = await signedInPage('creator', {
      viewport: { width: 1440, height: 960 },
      acceptDownloads: true,
    });
    try {
      // A registrar also requests, imports and issues credentials.
      expect(await menuItems(page)).toEqual([
        '电子凭证',
        '组织机构',
        '印章台账',
        '盖章',
        '用印申请',
        '待我审批',
        '我的申请',
        '已办',
        '合同签署',
        '数据对接',
        '批量开具',
        '验证',
      ]);
      await page.getByTestId('nav-menu').getByText('盖章').click();
      await page.waitForURL(`${base}/stamp`);

      await page.locator('input[type=file]').setInputFiles(pdfPath);
      const canvas = page.getByTestId('pdf-page');
      await canvas.waitFor();
      await expect.poll(() => page.getByTestId('stamp-page-number').textContent()).toBe('第 1 / 1 页');

      await pick(page, 'stamp-seal', '成绩专用章');
      const sealPreview = page.getByTestId('stamp-seal-preview').locator('img[data-testid=seal-image]');
      await sealPreview.waitFor();
      await expect
        .poll(() => sealPreview.evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(0);
      // The grant covers transcripts and certificates only: the type list says so.
      await page.getByTestId('stamp-document-type').click();
      const types = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect.poll(() => types.allTextContents()).toEqual(['成绩单', '证明']);
      await types.filter({ hasText: '成绩单' }).click();
      await page.getByTestId('stamp-purpose').fill('2025 届毕业生成绩单');

      // Click right of "Registrar (seal):" (drawn at y = 200 pt); PDF user space has its origin bottom-left.
      const placed = page.getByTestId('stamp-placed');
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
      // Within 2 pt of the clicked fraction of the page (the canvas is whole CSS pixels).
      expect(Math.abs(x - A4.width * 0.82)).toBeLessThan(2);
      expect(Math.abs(y - A4.height * 0.24)).toBeLessThan(2);
      await page.getByTestId('seal-mark').waitFor();

      await page.getByTestId('stamp-submit').click();
      const download = page.getByTestId('stamp-download');
      await download.waitFor({ timeout: 60_000 });
      await page.getByTestId('stamp-sealed-preview').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'stamp.png'), fullPage: true });

      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toBe('transcript-2025-sealed.pdf');
      const sealed = new Uint8Array(readFileSync(await file.path()));
      expect(Buffer.from(sealed.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      const sha256 = createHash('sha256').update(sealed).digest('hex');
      expect(await page.getByTestId('stamp-sha256').textContent()).toContain(sha256);
      expect((await page.getByTestId('stamp-ledger-id').textContent())?.length).toBeGreaterThan(0);

      const usable = (await (await page.request.get(`${base}/api/seals/usable`)).json()) as UsableSeal[];
      const seal = usable.find((u) => u.seal.name.includes('成绩专用章'))?.seal;
      expect(seal?.certificateSerial).toBeTruthy();

      const report = await verify(sealed, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict, JSON.stringify(report.summary)).toBe('authentic');
      const signature = report.signatures.find((s) => s.kind === 'signature');
      expect(signature?.signer?.serialHex.toLowerCase()).toBe(seal?.certificateSerial?.toLowerCase());

      // An independent validator agrees.
      const checked = await pdfsig(await file.path(), pki.root.certificate.toPem());
      expect(checked.valid, checked.output).toBe(true);
      expect(checked.trusted, checked.output).toBe(true);

      // The seal's widget is centred where the page was clicked.
      const widgets = (await signatureWidgets(sealed)).filter((w) => w.rect[2] - w.rect[0] > 1);
      expect(widgets).toHaveLength(1);
      const [w] = widgets as [Widget];
      expect(w.page).toBe(1);
      expect((w.rect[0] + w.rect[2]) / 2).toBeCloseTo(x, 0);
      expect((w.rect[1] + w.rect[3]) / 2).toBeCloseTo(y, 0);

      // The preview now shows the sealed copy; a second seal goes on that copy, not the original.
      await page.getByTestId('stamp-sealed-preview').waitFor();
      await page.getByTestId('stamp-again').click();
      await page.getByTestId('stamp-sealed-preview').waitFor({ state: 'hidden' });
      await expect
        .poll(async () => {
          const box = await canvas.boundingBox();
          if (!box) return false;
          await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.76 } });
          return placed.isVisible();
        })
        .toBe(true);
      await page.getByTestId('stamp-submit').click();
      await download.waitFor({ timeout: 60_000 });
      const [second] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(second.suggestedFilename()).toBe('transcript-2025-sealed.pdf');
      const twice = new Uint8Array(readFileSync(await second.path()));
      expect(Buffer.from(twice.subarray(0, sealed.length)).equals(Buffer.from(sealed))).toBe(true);
      const twiceReport = await verify(twice, { trustAnchors: [pki.root.certificate] });
      expect(twiceReport.verdict, JSON.stringify(twiceReport.summary)).toBe('authentic');
      expect(twiceReport.signatures.filter((s) => s.kind === 'signature')).toHaveLength(2);
      expect((await signatureWidgets(twice)).filter((v) => v.rect[2] - v.rect[0] > 1)).toHaveLength(2);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('stamps at a keyword: the seal is centred on the word, and the result verifies', async () => {
    const pdfPath = join(dir, 'certificate.pdf');
    writeFileSync(pdfPath, await transcriptPdf());
    const { context, page, errors } = await signedInPage('creator', {
      viewport: { width: 1440, height: 960 },
      acceptDownloads: true,
    });
    try {
      await page.getByTestId('nav-menu').getByText('盖章').click();
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await page.getByTestId('pdf-page').waitFor();
      await pick(page, 'stamp-seal', '成绩专用章');
      await pick(page, 'stamp-document-type', '证明');
      await page.getByTestId('stamp-purpose').fill('在读证明');
      await page.getByTestId('stamp-placement').getByText('按关键字定位').click();
      await page.getByTestId('stamp-keyword').fill('Registrar');
      await page.getByTestId('stamp-submit').click();
      const download = page.getByTestId('stamp-download');
      await download.waitFor({ timeout: 60_000 });

      // The English catalogue covers the page too.
      await page.getByTestId('language-switch').click();
      await expect.poll(() => download.textContent()).toContain('Download the sealed PDF');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'stamp-en.png') });

      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toBe('certificate-sealed.pdf');
      const sealed = new Uint8Array(readFileSync(await file.path()));
      const report = await verify(sealed, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict, JSON.stringify(report.summary)).toBe('authentic');
      // "Registrar" is drawn at x = 330 pt, baseline y = 200 pt, 12 pt Helvetica (about 50 pt wide).
      const [w] = (await signatureWidgets(sealed)).filter((x) => x.rect[2] - x.rect[0] > 1) as [Widget];
      expect(w.page).toBe(1);
      expect(Math.abs((w.rect[0] + w.rect[2]) / 2 - 355)).toBeLessThan(10);
      expect(Math.abs((w.rect[1] + w.rect[3]) / 2 - 204)).toBeLessThan(10);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('warns in plain words when the seal adds a field to a certified file', async () => {
    const { signer, certificate } = pki.demoSeal;
    const certified = await sign(
      await transcriptPdf(),
      { signer, certificate, chain: [pki.issuing.certificate, pki.root.certificate] },
      { level: 'B-B', certify: 2 },
    );
    const pdfPath = join(dir, 'certified.pdf');
    writeFileSync(pdfPath, certified);
    const { context, page, errors } = await signedInPage('creator', {
      viewport: { width: 1440, height: 960 },
    });
    try {
      await page.getByTestId('nav-menu').getByText('盖章').click();
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await page.getByTestId('pdf-page').waitFor();
      await pick(page, 'stamp-seal', '成绩专用章');
      await pick(page, 'stamp-document-type', '证明');
      await page.getByTestId('stamp-purpose').fill('在读证明');
      await page.getByTestId('stamp-placement').getByText('按关键字定位').click();
      await page.getByTestId('stamp-keyword').fill('Registrar');
      await page.getByTestId('stamp-submit').click();
      await page.getByTestId('stamp-download').waitFor({ timeout: 60_000 });
      const warning = page.getByTestId('seal-warning');
      expect(await warning.getAttribute('data-code')).toBe('new-field-after-certification');
      expect(await warning.textContent()).toBe(SEAL_WARNINGS['new-field-after-certification'].zh);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'stamp-warning.png') });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('places a seal on page 2 of a longer PDF, then a cross-page seal over both pages', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const n of [1, 2]) {
      doc
        .addPage([A4.width, A4.height])
        .drawText(`Contract - page ${n} of 2`, { x: 72, y: 760, size: 16, font });
    }
    const pdfPath = join(dir, 'two-pages.pdf');
    writeFileSync(pdfPath, await doc.save());
    const { context, page, errors } = await signedInPage('creator', {
      viewport: { width: 1440, height: 960 },
      acceptDownloads: true,
    });
    try {
      await page.getByTestId('nav-menu').getByText('盖章').click();
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await expect.poll(() => page.getByTestId('stamp-page-number').textContent()).toBe('第 1 / 2 页');
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => page.getByTestId('stamp-page-number').textContent()).toBe('第 2 / 2 页');
      await pick(page, 'stamp-seal', '成绩专用章');
      await pick(page, 'stamp-document-type', '成绩单');
      await page.getByTestId('stamp-purpose').fill('两页成绩单');
      const canvas = page.getByTestId('pdf-page');
      const placed = page.getByTestId('stamp-placed');
      await expect
        .poll(async () => {
          const box = await canvas.boundingBox();
          if (!box) return false;
          await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.5 } });
          return placed.isVisible();
        })
        .toBe(true);
      expect(await placed.getAttribute('data-page')).toBe('2');
      await page.getByTestId('stamp-submit').click();
      const download = page.getByTestId('stamp-download');
      await download.waitFor({ timeout: 60_000 });

      await page.getByTestId('stamp-again').click();
      await page.getByTestId('stamp-placement').getByText('骑缝章').click();
      await page.getByTestId('stamp-submit').click();
      await download.waitFor({ timeout: 60_000 });
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      const sealed = new Uint8Array(readFileSync(await file.path()));
      const report = await verify(sealed, { trustAnchors: [pki.root.certificate] });
      expect(report.verdict, JSON.stringify(report.summary)).toBe('authentic');
      expect(report.signatures.filter((x) => x.kind === 'signature')).toHaveLength(2);

      const widgets = (await signatureWidgets(sealed)).filter((x) => x.rect[2] - x.rect[0] > 1);
      // The first seal: whole, centred on page 2.
      const whole = widgets.find(
        (x) => x.page === 2 && Math.abs((x.rect[0] + x.rect[2]) / 2 - A4.width / 2) < 1,
      );
      expect(whole).toBeDefined();
      // The cross-page seal: a slice flush with the right edge of each page.
      for (const n of [1, 2]) {
        expect(widgets.some((x) => x.page === n && Math.abs(x.rect[2] - A4.width) < 1)).toBe(true);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows the creator the impression of every seal it may use, a school seal granted to it too', async () => {
    const { context, page, errors } = await signedInPage('creator', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      await page.getByTestId('nav-menu').getByText('盖章').click();
      const usable = (await (await page.request.get(`${base}/api/seals/usable`)).json()) as UsableSeal[];
      // The demo grants the creator the school's contract seal, outside its own unit (教务处).
      expect(usable.map((u) => u.seal.name)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('合同专用章'),
          expect.stringContaining('成绩专用章'),
        ]),
      );
      for (const { seal } of usable) {
        const picture = await page.request.get(`${base}/api/seals/${seal.id}/image`);
        // The stamp page shows each usable seal's picture, so holding a use grant must be enough.
        expect(picture.status(), `GET /api/seals/:id/image of ${seal.name}: ${await picture.text()}`).toBe(
          200,
        );
      }
      await page.getByTestId('stamp-seal').click();
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await expect.poll(() => options.count()).toBe(usable.length);
      await expect
        .poll(() =>
          options
            .locator('img[data-testid=seal-image]')
            .evaluateAll(
              (imgs: HTMLImageElement[]) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
            ),
        )
        .toBe(usable.length);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('lets the seal admin see the registry and ask to make, grant and suspend a seal; approved, each takes effect', async () => {
    const { context, page, errors } = await openPage({ viewport: { width: 1440, height: 900 } });
    try {
      // A use made by the creator (through the API) shows in the seal's trajectory.
      const creator = await apiSession(base, 'creator', password('creator'));
      const usable = (await (
        await fetch(`${base}/api/seals/usable`, { headers: creator.headers })
      ).json()) as UsableSeal[];
      const transcriptSeal = usable.find((u) => u.seal.name.includes('成绩专用章'))?.seal;
      const use = {
        placement: { kind: 'page', page: 1, x: 420, y: 200 },
        documentType: 'certificate',
        purpose: '在读证明 张三',
      } as const;
      const used = await fetch(sealUseUrl(base, String(transcriptSeal?.id), use), {
        method: 'POST',
        headers: { ...creator.headers, 'content-type': 'application/pdf' },
        body: Buffer.from(await transcriptPdf()),
      });
      expect(used.status).toBe(200);
      const usedSha = used.headers.get('x-document-sha256');

      await signIn(page, base, 'sealadmin', password('sealadmin'));
      /** Follows the "submitted for approval" notice's link; returns the request's id. */
      const submittedRequest = async (p: Page, type: string): Promise<string> => {
        await p.getByTestId('seal-request-link').click();
        await p.waitForURL(/\/requests\/[^/]+$/);
        await p.getByTestId('request-title').waitFor();
        expect(
          await p.getByTestId('request-detail').getByTestId('request-status').getAttribute('data-status'),
        ).toBe('pending');
        const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop() ?? '');
        const request = (await (await p.request.get(`${base}/api/requests/${id}`)).json()) as ApprovalRequest;
        expect(request.type).toBe(type);
        expect(request.currentApprovers.map((a) => a.name)).toEqual(['教务处处长']);
        return id;
      };
      const leader = await apiSession(base, 'leader', password('leader'));
      const approveAsLeader = (id: string) => approveWith(leader, id);
      await page.getByTestId('nav-menu').getByText('印章台账').click();
      const table = page.getByTestId('seals-table');
      await table.getByText('成绩专用章').first().waitFor();
      // Every impression in the table really loads (the server draws it).
      await expect
        .poll(() =>
          table
            .locator('img[data-testid=seal-image]')
            .evaluateAll((imgs: HTMLImageElement[]) =>
              imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0) ? imgs.length : 0,
            ),
        )
        .toBeGreaterThan(0);
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'seals.png') });

      await table.locator('tr', { hasText: '成绩专用章' }).getByTestId('seal-open').click();
      const useEntry = page
        .locator('[data-testid=trajectory-entry][data-action="seal.use"]')
        .filter({ hasText: '在读证明 张三' });
      await useEntry.waitFor();
      const useText = await useEntry.textContent();
      expect(useText).toContain('creator');
      expect(usedSha).toMatch(/^[0-9a-f]{64}$/);
      expect(useText).toContain(usedSha);
      await page.keyboard.press('Escape');
      await page.getByTestId('seal-drawer').waitFor({ state: 'hidden' });

      // Making a seal is a request: the head of 教务处 approves it, then the seal exists.
      await page.getByTestId('seals-create').click();
      await page.getByTestId('create-seal-name').fill('示范大学教务处 考试专用章');
      await pick(page, 'create-seal-type', '业务专用章');
      await page.getByTestId('create-seal-org-name').fill('示范大学教务处');
      await page.getByTestId('create-seal-seal-name').fill('考试专用章');
      await page.getByTestId('create-seal-reason').fill('期末考试试卷袋封存用章');
      await page.screenshot({ path: join(SHOTS, 'seal-create.png') });
      await page.getByTestId('create-seal-submit').click();
      const makeId = await submittedRequest(page, 'seal.make');
      const made = await approveAsLeader(makeId);
      const sealId = String(made.result?.['sealId'] ?? '');
      expect(sealId).not.toBe('');

      await page.goto(`${base}/seals`);
      const row = table.locator('tr', { hasText: '考试专用章' });
      await row.getByTestId('seal-open').click();
      const drawer = page.getByTestId('seal-drawer');
      await drawer.waitFor();
      await drawer.getByText('示范大学教务处 考试专用章').first().waitFor();
      await expect
        .poll(() =>
          drawer.locator('img[data-testid=seal-image]').evaluate((i: HTMLImageElement) => i.naturalWidth),
        )
        .toBeGreaterThan(0);
      expect(await drawer.getByTestId('seal-certificate').textContent()).toContain('考试专用章');

      // Every business creator of 教务处 (the seal's unit) may use it, for transcripts only — once approved.
      await page.getByTestId('grant-document-types').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '成绩单' })
        .click();
      await page.keyboard.press('Escape');
      await page.getByTestId('grant-max-uses').fill('100');
      await page.getByTestId('grant-reason').fill('考试周成绩单用印');
      await page.getByTestId('grant-submit').click();
      const grantId = await submittedRequest(page, 'seal.authorize');
      await approveAsLeader(grantId);
      await page.goto(`${base}/seals`);
      await row.getByTestId('seal-open').click();
      await drawer.waitFor();
      const grants = drawer.getByTestId('seal-grants');
      await grants.getByText('业务经办人 · 教务处').waitFor();
      expect(await grants.textContent()).toContain('成绩单');
      expect(await grants.textContent()).toContain('0 / 100 次');
      // Withdrawing a grant has no request type yet: no button for it.
      expect(await drawer.getByTestId('grant-withdraw').count()).toBe(0);
      await drawer.locator('[data-testid=trajectory-entry][data-action="seal.grant"]').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'seal-drawer.png') });
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // Handing custody to the creator (移交保管) is a request too.
      await row.getByTestId('seal-open').click();
      await drawer.getByTestId('seal-transfer').click();
      await pick(page, 'transfer-custodian', '业务经办人 (creator)');
      await page.getByTestId('transfer-reason').fill('考试周由经办人保管');
      await page.getByRole('button', { name: '提交审批' }).click();
      const transferId = await submittedRequest(page, 'seal.transfer');
      await approveAsLeader(transferId);
      await page.goto(`${base}/seals`);
      await row.getByTestId('seal-open').click();
      await expect.poll(() => drawer.getByTestId('seal-custodian').textContent()).toBe('业务经办人');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // Suspending asks for a reason; the seal stays active until the request is approved.
      await row.getByTestId('seal-suspend').click();
      await page.getByTestId('seal-request-reason').fill('考试结束，暂停使用');
      await page.getByTestId('seal-request-submit').click();
      const suspendId = await submittedRequest(page, 'seal.suspend');
      await page.goto(`${base}/seals`);
      expect(await row.getByTestId('seal-status').textContent()).toBe('正常');
      await approveAsLeader(suspendId);
      await page.goto(`${base}/seals`);
      await expect.poll(() => row.getByTestId('seal-status').textContent()).toBe('已停用');

      await row.getByTestId('seal-open').click();
      await drawer.waitFor();
      const entries = drawer.locator('[data-testid=trajectory-entry]');
      await drawer.locator('[data-testid=trajectory-entry][data-action="seal.suspend"]').waitFor();
      const actions = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      expect(actions).toEqual(expect.arrayContaining(['seal.create', 'seal.grant', 'seal.suspend']));
      expect(await entries.first().textContent()).toContain('sealadmin');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('makes an image seal from a picture the seal admin uploads; approved, the registry shows that picture', async () => {
    const { context, page, errors } = await signedInPage('sealadmin', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      // A red ring drawn in the browser, saved as a PNG file, as a scanned impression would be.
      const png = Buffer.from(
        await page.evaluate(() => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 240;
          const g = canvas.getContext('2d') as CanvasRenderingContext2D;
          g.strokeStyle = '#d42a2a';
          g.lineWidth = 12;
          g.beginPath();
          g.arc(120, 120, 100, 0, 2 * Math.PI);
          g.stroke();
          return canvas.toDataURL('image/png').split(',')[1] ?? '';
        }),
        'base64',
      );
      const pngPath = join(dir, 'scanned-seal.png');
      writeFileSync(pngPath, png);

      await page.getByTestId('nav-menu').getByText('印章台账').click();
      await page.getByTestId('seals-create').click();
      await page.getByTestId('create-seal-name').fill('示范大学教务处 图片章');
      await pick(page, 'create-seal-type', '业务专用章');
      await page.getByTestId('create-seal-appearance').getByText('上传图片').click();
      await page.locator('input[type=file][accept="image/png,image/svg+xml"]').setInputFiles(pngPath);
      await page.getByTestId('create-seal-image-preview').waitFor();
      await page.getByTestId('create-seal-reason').fill('启用扫描印模');
      await page.getByTestId('create-seal-submit').click();
      await page.getByTestId('seal-request-link').click();
      await page.waitForURL(/\/requests\/[^/]+$/);
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      const made = await approveWith(await apiSession(base, 'leader', password('leader')), id);
      const sealId = String(made.result?.['sealId'] ?? '');
      expect(sealId).not.toBe('');

      // The registry draws the seal from the very bytes that were uploaded.
      const picture = await page.request.get(`${base}/api/seals/${encodeURIComponent(sealId)}/image`);
      expect(picture.status()).toBe(200);
      expect(picture.headers()['content-type']).toBe('image/png');
      expect((await picture.body()).equals(png)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  // Runs after the stamping tests, which pick the seal by its old name.
  it('lets the seal admin ask to rename and redraw a seal; once the head of 教务处 approves, the registry shows it', async () => {
    const { context, page, errors } = await signedInPage('sealadmin', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      await page.getByTestId('nav-menu').getByText('印章台账').click();
      const table = page.getByTestId('seals-table');
      const oldRow = table.locator('tr', { hasText: '示范大学教务处成绩专用章' });
      const picture = (row: typeof oldRow) => row.locator('img[data-testid=seal-image]');
      await expect
        .poll(() => picture(oldRow).evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
        .toBeGreaterThan(0);
      const oldSrc = (await picture(oldRow).getAttribute('src')) ?? '';
      const oldBytes = await (await page.request.get(`${base}${oldSrc}`)).body();
      const oldShot = await picture(oldRow).screenshot();

      await oldRow.getByTestId('seal-open').click();
      const drawer = page.getByTestId('seal-drawer');
      await drawer.getByTestId('seal-change').click();
      // The form starts from the seal as it is: its name, unit and drawn picture.
      const name = page.getByTestId('change-seal-name');
      expect(await name.inputValue()).toBe('示范大学教务处成绩专用章');
      expect(await page.getByTestId('change-seal-org-name').inputValue()).toBe('示范大学教务处');
      await page.getByTestId('change-seal-sketch').locator('svg').waitFor();
      await name.fill('示范大学教务处学籍成绩专用章');
      await page.getByTestId('change-seal-seal-name').fill('学籍成绩章');
      await page.getByTestId('change-seal-reason').fill('机构职能调整，印章更名');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'seal-change.png') });
      await page.getByTestId('change-seal-submit').click();

      await page.getByTestId('seal-request-link').click();
      await page.waitForURL(/\/requests\/[^/]+$/);
      await page.getByTestId('request-title').waitFor();
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      const request = (await (
        await page.request.get(`${base}/api/requests/${id}`)
      ).json()) as ApprovalRequest;
      expect(request.type).toBe('seal.change');
      expect(request.currentApprovers.map((a) => a.name)).toEqual(['教务处处长']);
      // Only what changed is sent: the unit stays, the code on the picture is kept.
      expect(request.payload).toEqual({
        sealId: request.sealId,
        reason: '机构职能调整，印章更名',
        name: '示范大学教务处学籍成绩专用章',
        spec: { kind: 'round', orgName: '示范大学教务处', sealName: '学籍成绩章', code: '1101080000004' },
      });

      await approveWith(await apiSession(base, 'leader', password('leader')), id);

      await page.goto(`${base}/seals`);
      const newRow = table.locator('tr', { hasText: '示范大学教务处学籍成绩专用章' });
      await newRow.getByTestId('seal-open').waitFor();
      expect(await table.getByText('示范大学教务处成绩专用章', { exact: true }).count()).toBe(0);
      await expect
        .poll(() => picture(newRow).evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth))
        .toBeGreaterThan(0);
      // A new picture under a new address (no stale cached copy), drawn differently.
      const newSrc = (await picture(newRow).getAttribute('src')) ?? '';
      expect(newSrc).not.toBe(oldSrc);
      const newBytes = await (await page.request.get(`${base}${newSrc}`)).body();
      expect(newBytes.equals(oldBytes)).toBe(false);
      expect((await picture(newRow).screenshot()).equals(oldShot)).toBe(false);

      await newRow.getByTestId('seal-open').click();
      const changed = drawer.locator('[data-testid=trajectory-entry][data-action="seal.change"]');
      await changed.waitFor();
      expect(await changed.textContent()).toContain('变更');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('gives the system admin no seal pages, shows the server refusal, and refuses its stamping', async () => {
    const secret = await enrolTotp(base, 'sysadmin', password('sysadmin'));
    const { context, page, errors } = await signedInPage(
      'sysadmin',
      { viewport: { width: 1280, height: 800 } },
      secret,
    );
    try {
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

      // Typing the addresses gets past the menu but not the server: its zh refusal is shown.
      const refused = (await (await page.request.get(`${base}/api/seals/usable`)).json()) as ErrorBody;
      expect(refused.code).toBe('ERR_FORBIDDEN');
      for (const path of ['/stamp', '/seals']) {
        await page.goto(`${base}${path}`);
        const refusal = page.getByTestId('load-failed');
        await refusal.waitFor();
        expect(await refusal.textContent()).toContain(refused.messageZh);
      }

      const creator = await apiSession(base, 'creator', password('creator'));
      const usable = (await (
        await fetch(`${base}/api/seals/usable`, { headers: creator.headers })
      ).json()) as UsableSeal[];
      const sealId = (usable[0] as UsableSeal).seal.id;

      const me = (await (await page.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string };
      const use = {
        placement: { kind: 'page', page: 1, x: 300, y: 200 },
        documentType: 'transcript',
        purpose: 'not allowed',
      } as const;
      const answer = await page.request.post(sealUseUrl(base, sealId, use), {
        headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/pdf' },
        data: Buffer.from(await transcriptPdf()),
      });
      expect(answer.status()).toBe(403);
      expect(((await answer.json()) as { code: string }).code).toMatch(/^ERR_/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
