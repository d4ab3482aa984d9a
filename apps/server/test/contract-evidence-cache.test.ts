// The evidence report is sealed once per state of its contract, on both databases: a second download
// of an unchanged contract returns the very same bytes (no new signature, timestamp or "report made"
// time) and stores them, so a restarted server serves them too; the report a new event makes replaces
// the stored one, whose file leaves the store.
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractDetail } from '@openseal/contract';
import { extractText } from '@openseal/pdf-sign';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { type BrowserSigner, browserSigner } from './browser-signer.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { as, type Session, signInDemo } from './identity-fixture.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const CONTRACT_SEAL = '示范大学合同专用章';
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

let testPki: TestPki;
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  testPki = await makeTestPki('contract-evidence-cache', 'Course contract');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Course contract', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`contract evidence reports kept per state on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let creator: Session;
    let student: Session;
    let contract: ContractDetail;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const call = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: as(s).headers, ...(payload ? { payload } : {}) });
    /** The person's whole signing step with `signer`'s key, as the console makes it. */
    async function signAs(s: Session, id: string, signer: BrowserSigner) {
      const cert = await call(s, 'POST', `/api/contracts/${id}/signer-certificate`, { csr: b64(signer.csr) });
      expect(cert.statusCode, cert.body).toBe(200);
      const prepared = await call(s, 'POST', `/api/contracts/${id}/signature/prepare`, {
        certificate: cert.json().certificate,
        appearance: { kind: 'typed' },
        consent: true,
      });
      expect(prepared.statusCode, prepared.body).toBe(200);
      const value = await signer.sign(Buffer.from(prepared.json().toBeSigned, 'base64'));
      return call(s, 'POST', `/api/contracts/${id}/signature/complete`, { signature: b64(value) });
    }
    const evidence = async (s: Session) => {
      const res = await call(s, 'GET', `/api/contracts/${contract.id}/evidence`);
      expect(res.statusCode, res.body).toBe(200);
      return new Uint8Array(res.rawPayload);
    };
    const kept = () =>
      app.db
        .selectFrom('contract_evidence_reports')
        .selectAll()
        .where('contract_id', '=', contract.id)
        .executeTakeFirst();
    const storedFiles = () => filesUnder(testPki.dir).length;

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp({ ...testPki, pdf }, db.config, kek, () => new Date(clock.ms));
      const demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
      const seal = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', CONTRACT_SEAL)
        .executeTakeFirstOrThrow();
      const uploadId = await uploadFor(app, creator, 'course.pdf', pdf);
      const started = await call(creator, 'POST', '/api/contracts', {
        title: '课程服务合同 Course contract',
        file: { uploadId },
        order: 'sequential',
        parties: [
          { kind: 'person', username: 'student' },
          { kind: 'organization', sealId: seal.id },
        ],
      });
      expect(started.statusCode, started.body).toBe(201);
      contract = started.json() as ContractDetail;
      const signed = await signAs(student, contract.id, await browserSigner());
      expect(signed.statusCode, signed.body).toBe(200);
      const sealed = await call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.json().status, sealed.body).toBe('completed');
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('a second download of an unchanged contract is the same report, not sealed again', async () => {
      const first = await evidence(creator);
      const madeAt = new Date(clock.ms).toISOString();
      // Sealed and kept in memory: a report fetched once is not stored.
      expect(await kept()).toBeUndefined();
      const files = storedFiles();
      // Later, and by another party: a report sealed now would say another "report made" time and
      // carry another signature and timestamp.
      clock.ms += 3_600_000;
      const second = await evidence(student);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
      // Asked for twice: now stored, under the time it was made.
      const row = await kept();
      expect(row?.made_at).toBe(madeAt);
      expect(storedFiles()).toBe(files + 1);
      clock.ms += 3_600_000;
      expect(Buffer.from(await evidence(creator)).equals(Buffer.from(first))).toBe(true);
      expect(await kept()).toEqual(row);
      expect(storedFiles()).toBe(files + 1);
      // A server started afresh on the same database and files serves the stored report.
      const restarted = await buildPkiApp({ ...testPki, pdf }, db.config, kek, () => new Date(clock.ms));
      try {
        const res = await restarted.inject({
          method: 'GET',
          url: `/api/contracts/${contract.id}/evidence`,
          headers: as(student).headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(Buffer.from(res.rawPayload).equals(Buffer.from(first))).toBe(true);
      } finally {
        await restarted.close();
      }
    });

    it('a new event makes a new report, which replaces the stored one once asked for again', async () => {
      const before = await evidence(creator);
      const row = await kept();
      const files = storedFiles();
      clock.ms += 60_000;
      // Reading the contract's file is itself evidence: a 'viewed' event.
      expect((await call(student, 'GET', `/api/contracts/${contract.id}/file`)).statusCode).toBe(200);
      const after = await evidence(creator);
      const madeAt = new Date(clock.ms).toISOString();
      expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
      expect((await extractText(after)).replace(/\s+/g, '')).toContain('查看Viewed');
      expect((await extractText(before)).replace(/\s+/g, '')).not.toContain('查看Viewed');
      expect(await kept()).toEqual(row);
      clock.ms += 60_000;
      expect(Buffer.from(await evidence(student)).equals(Buffer.from(after))).toBe(true);
      const replaced = await kept();
      expect(replaced?.state_sha256).not.toBe(row?.state_sha256);
      expect(replaced?.report_sha256).not.toBe(row?.report_sha256);
      expect(replaced?.made_at).toBe(madeAt);
      // One report per contract is stored: the old one's file is gone, the new one's is there.
      expect(storedFiles()).toBe(files);
    });
  });
}
