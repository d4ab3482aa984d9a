import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationResult } from '@openseal/contract';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { sealUseRequest } from './seal-use-request.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';

const CONTRACT_SEAL = '示范大学合同专用章';

let testPki: TestPki;
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  testPki = await makeTestPki('verify', 'Service contract');
  ({ pdf } = testPki);
});
afterAll(() => testPki?.remove());

/** A copy with one byte of the first stream's data (the page content) changed, its length kept. */
function withOneByteChanged(file: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(file);
  const at = Buffer.from(copy).indexOf('stream\n', 0, 'latin1') + 'stream\n'.length + 4;
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`public verification on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let creator: Session;
    let sealed: Uint8Array;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    /** Each test starts a fresh rate-limit window (30 a minute per address). */
    const nextWindow = () => {
      clock.ms += 61_000;
    };

    const upload = (body: Uint8Array | string, contentType = 'application/pdf') =>
      app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': contentType },
        payload: typeof body === 'string' ? body : Buffer.from(body),
      });

    async function verified(body: Uint8Array): Promise<VerificationResult> {
      const res = await upload(body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as VerificationResult;
    }

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      // Stamped through the real seal-use path, which writes the ledger row.
      const seal = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', CONTRACT_SEAL)
        .executeTakeFirstOrThrow();
      const res = await app.inject(
        sealUseRequest(
          seal.id,
          {
            pdf,
            placement: { kind: 'page', page: 1, x: 400, y: 200 },
            documentType: 'contract',
            purpose: 'service contract',
          },
          as(creator).headers,
        ),
      );
      expect(res.statusCode, res.body).toBe(200);
      sealed = res.rawPayload;
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('says a stamped file is authentic, names our seal and its timestamp, and finds it in the ledger', async () => {
      nextWindow();
      const result = await verified(sealed);
      expect(result.verdict).toBe('authentic');
      expect(result.inLedger).toBe(true);
      expect(result.summary.zh).toContain('真实有效');
      expect(result.summary.en).toContain('Authentic');
      expect(result.signatures).toHaveLength(1);
      expect(result.signatures[0]).toMatchObject({
        kind: 'signature',
        signatureValid: true,
        sealName: CONTRACT_SEAL,
        timestamped: true,
        coversWholeDocument: true,
        indication: 'PASSED',
      });
      expect(result.signatures[0]?.institution ?? result.signatures[0]?.signer).toBeTruthy();
      expect(Number.isNaN(Date.parse(result.signatures[0]?.signedAt ?? ''))).toBe(false);
      expect(result.details.signatures[0]).toMatchObject({ intact: true, valid: true, trusted: true });
      // The expert report carries no key material or internal fields beyond the schema.
      expect(Object.keys(result).sort()).toEqual(
        ['credential', 'details', 'inLedger', 'sha256', 'signatures', 'sm3', 'summary', 'verdict'].sort(),
      );
    });

    it('records the stamped file with its SHA-256 and SM3 in the ledger, and finds it only when both match', async () => {
      nextWindow();
      const digests = {
        sha256: createHash('sha256').update(sealed).digest('hex'),
        sm3: createHash('sm3').update(sealed).digest('hex'),
      };
      const row = await app.db
        .selectFrom('sealed_documents')
        .select(['id', 'sha256', 'sm3'])
        .where('sha256', '=', digests.sha256)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject(digests);
      expect(await verified(sealed)).toMatchObject({ inLedger: true, ...digests });

      // A ledger row whose SM3 disagrees (one digest collided, or the row was edited) finds nothing.
      const other = '0'.repeat(64);
      await app.db.updateTable('sealed_documents').set({ sm3: other }).where('id', '=', row.id).execute();
      nextWindow();
      expect(await verified(sealed)).toMatchObject({ inLedger: false, ...digests });
      // A row sealed before SM3 was recorded, whose file was not kept, is found by its SHA-256.
      await app.db.updateTable('sealed_documents').set({ sm3: null }).where('id', '=', row.id).execute();
      nextWindow();
      expect(await verified(sealed)).toMatchObject({ inLedger: true });
      await app.db
        .updateTable('sealed_documents')
        .set({ sm3: digests.sm3 })
        .where('id', '=', row.id)
        .execute();
    });

    it('says a copy with one byte changed is not authentic and not the issued file', async () => {
      nextWindow();
      const result = await verified(withOneByteChanged(sealed));
      expect(result.verdict).toBe('invalid');
      expect(result.inLedger).toBe(false);
      expect(result.summary.zh).toContain('签章无效');
      expect(result.details.signatures[0]?.intact).toBe(false);
      // A broken signature does not get to name one of our seals.
      expect(result.signatures[0]).toMatchObject({
        indication: 'FAILED',
        signatureValid: false,
        sealName: null,
      });
    });

    it('says a PDF that was never signed is unsigned', async () => {
      nextWindow();
      const result = await verified(pdf);
      expect(result).toMatchObject({ verdict: 'unsigned', inLedger: false, signatures: [] });
    });

    it('refuses what is not a readable PDF with a clear 4xx, never a 500', async () => {
      nextWindow();
      const garbage = await upload(randomBytes(2048));
      expect(garbage.statusCode).toBe(400);
      expect(garbage.json().code).toBe('ERR_VERIFY_DOCUMENT_INVALID');
      const truncated = await upload(sealed.subarray(0, Math.floor(sealed.length / 2)));
      expect(truncated.statusCode).toBe(400);
      expect(truncated.json()).toMatchObject({ code: 'ERR_VERIFY_DOCUMENT_INVALID' });
      expect(truncated.json().details[0]).toMatch(/truncated/);
      const empty = await upload(new Uint8Array(0));
      expect(empty.statusCode).toBe(400);
      const json = await upload(JSON.stringify({ pdf: 'x' }), 'application/json');
      expect(json.statusCode).toBe(415);
      expect(json.json().code).toBe('ERR_VERIFY_MEDIA_TYPE');
      const other = await upload(sealed, 'application/octet-stream');
      expect(other.statusCode).toBe(415);
      expect(other.json().code).toBe('ERR_VERIFY_MEDIA_TYPE');
      const huge = await upload(new Uint8Array(20 * 1024 * 1024 + 1));
      expect(huge.statusCode).toBe(413);
      expect(huge.json().code).toBe('ERR_PAYLOAD_TOO_LARGE');
    });

    it('limits each address to 30 verifications a minute, with Retry-After', async () => {
      nextWindow();
      for (let i = 0; i < 30; i++) expect((await upload('x')).statusCode).toBe(400);
      const limited = await upload(sealed);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().code).toBe('ERR_RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      nextWindow();
      expect((await upload(sealed)).statusCode).toBe(200);
    });

    // Runs last: it revokes the contract seal's certificate.
    it("checks our PKI's revocation state: revoked after stamping stays authentic, revoked before is refused", async () => {
      // The stamp's timestamp came from a TSA on the real clock; verify after it.
      clock.ms = Math.max(clock.ms, Date.now()) + 61_000;
      const first = await verified(sealed);
      const serial = BigInt(`0x${first.details.signatures[0]!.signer!.serialHex}`);
      const stampedAt = new Date(first.signatures[0]!.signedAt!);
      expect(first.details.signatures[0]!.revocation).toMatchObject({ status: 'good', source: 'fetched' });

      await testPki.pki.revoke(serial, 'keyCompromise', new Date(clock.ms));
      const later = await verified(sealed);
      expect(later.verdict).toBe('authentic');
      expect(later.summary.en).toMatch(/the seal's certificate was revoked on .+ after this seal was made/);

      const compromised = new Date(Math.floor(stampedAt.getTime() / 1000) * 1000 - 60_000);
      await testPki.pki.revoke(serial, 'keyCompromise', compromised);
      const before = await verified(sealed);
      expect(before.verdict).toBe('revoked');
      expect(before.details.signatures[0]!.revocation).toMatchObject({
        status: 'revoked',
        source: 'fetched',
        revokedAt: compromised.toISOString(),
      });
      // The summary reads in the school's time zone (Asia/Shanghai by default).
      const beijing = new Date(compromised.getTime() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ');
      expect(before.summary.en).toContain(`revoked on ${beijing} (UTC+8)`);
    });
  });
}

describe('public verification without a PKI', () => {
  it('answers 503 ERR_PKI_UNAVAILABLE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openseal-verify-nopki-'));
    const app = await buildApp({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      database: { dialect: 'sqlite', file: join(dir, 'openseal.db') },
      logLevel: 'silent',
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from('%PDF-1.7\n%%EOF\n'),
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('ERR_PKI_UNAVAILABLE');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
