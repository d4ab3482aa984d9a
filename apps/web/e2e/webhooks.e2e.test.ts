// 事件推送 in headless Chromium: the system admin allows a loopback receiver, subscribes it to sealed
// documents, copies the secret shown once, and watches a real seal use arrive signed in the log.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { UsableSeal } from '@openseal/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiSession,
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
import { sealUseUrl } from './seal-use-url.ts';

async function letterPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText('Demo University - Transcript', { x: 72, y: 760, size: 18, font });
  return doc.save();
}

const title = hasChromium
  ? 'webhooks console page in headless Chromium'
  : `webhooks console page in headless Chromium — SKIPPED: ${CHROMIUM} is missing`;

describe.skipIf(!hasChromium)(title, () => {
  let server: E2eServer;
  let browser: Browser;
  let base: string;
  let sysSecret: string;
  let receiver: Server;
  let receiverUrl: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  // The first run builds the console (vite), which takes minutes on a busy machine.
  beforeAll(async () => {
    server = await startE2eServer('webhooks');
    ({ base, browser } = server);
    sysSecret = await enrolTotp(base, 'sysadmin', server.password('sysadmin'));
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/openseal`;
  }, 400_000);

  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('subscribes a receiver, shows the secret once, and logs a signed delivery of a sealed document', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    try {
      await signIn(page, base, 'sysadmin', server.password('sysadmin'), sysSecret);
      await page.getByTestId('nav-menu').getByText('事件推送').click();
      await page.waitForURL(/\/integrations\/webhooks$/);

      // The loopback receiver is refused until its host is allowed.
      await page.getByTestId('webhook-hosts').click();
      await page.keyboard.type('127.0.0.1');
      await page.keyboard.press('Enter');
      await page.getByTestId('webhook-hosts-save').click();
      await expect
        .poll(async () => await (await page.request.get(`${base}/api/integrations/webhook-hosts`)).json())
        .toEqual({
          hosts: ['127.0.0.1'],
        });

      await page.getByTestId('webhook-new').click();
      await page.getByTestId('webhook-url').fill(receiverUrl);
      await page.getByTestId('webhook-description').fill('教务处档案系统');
      await page.getByTestId('webhook-events').getByText('文件已盖章').click();
      await page
        .getByRole('button', { name: '创 建' })
        .or(page.getByRole('button', { name: '创建' }))
        .click();
      const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
      expect(secret).toMatch(/^whsec_/);
      await page.screenshot({ path: join(SHOTS, 'webhooks-secret.png') });
      await page.keyboard.press('Escape');
      await expect.poll(async () => page.getByTestId('webhook-list').textContent()).toContain(receiverUrl);
      // The list never carries the secret again.
      expect(await (await page.request.get(`${base}/api/integrations/webhooks`)).text()).not.toContain(
        secret,
      );

      // A real seal use by the registrar.
      const creator = await apiSession(base, 'creator', server.password('creator'));
      const usable = (await (await fetch(`${base}/api/seals/usable`, creator)).json()) as UsableSeal[];
      const seal = usable.find((u) => u.documentTypes.includes('transcript'))?.seal;
      if (!seal) throw new Error('the demo creator has no transcript seal');
      const use = {
        placement: { kind: 'page', page: 1, x: 400, y: 150 },
        documentType: 'transcript',
        purpose: 'webhook e2e',
      } as const;
      const stamped = await fetch(sealUseUrl(base, seal.id, use), {
        method: 'POST',
        headers: { ...creator.headers, 'content-type': 'application/pdf' },
        body: Buffer.from(await letterPdf()),
      });
      expect(stamped.status).toBe(200);
      await stamped.arrayBuffer();

      // The worker polls every 5 s.
      await expect.poll(() => received.length, { timeout: 30_000, interval: 500 }).toBeGreaterThan(0);
      const [first] = received;
      const timestamp = String(first?.headers['x-openseal-timestamp']);
      expect(first?.headers['x-openseal-event']).toBe('document.sealed');
      expect(first?.headers['x-openseal-signature']).toBe(
        `v1=${createHmac('sha256', secret).update(`${timestamp}.${first?.body}`).digest('hex')}`,
      );

      await page.getByTestId('webhook-show-deliveries').click();
      await expect
        .poll(async () => page.getByTestId('webhook-delivery-status').first().textContent())
        .toBe('成功');
      await page.getByTestId('webhook-deliveries').locator('.ant-table-row-expand-icon').first().click();
      await expect.poll(async () => page.getByTestId('webhook-attempts').textContent()).toContain('第 1 次');
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'webhooks-deliveries-1366.png') });

      await page.getByTestId('webhook-redeliver').first().click();
      await expect.poll(() => received.length, { timeout: 30_000, interval: 500 }).toBe(2);
      expect(received[1]?.headers['x-openseal-delivery']).toBe(first?.headers['x-openseal-delivery']);

      await page.setViewportSize({ width: 375, height: 800 });
      await page.keyboard.press('Escape');
      await page.reload();
      await page.getByTestId('webhook-list').waitFor();
      await settled(page);
      await page.screenshot({ path: join(SHOTS, 'webhooks-375.png'), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
