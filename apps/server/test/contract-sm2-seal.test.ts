// An organisation counter-seals a contract with an SM2 (国密) seal, on both databases: a student signs
// with a browser-style ECDSA P-256 key, then the school stamps with the demo SM2 seal (made when the
// server runs its SM2 hierarchy). Our verifier finds both signatures valid and names both signers;
// gm-oracle (BouncyCastle + PDFBox) validates both, the SM2 one against the SM2 root; pdfsig (NSS) finds the
// ECDSA one valid and trusted and, knowing no SM2 (NOTES.md: no open validator accepts SM2 inside PDF),
// answers "Unknown Validation Failure" with an unknown hash algorithm for the SM2 one.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ContractDetail, VerificationResult } from '@openseal/contract';
import { verify } from '@openseal/pdf-sign';
import { loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SM2_SEAL_NAME } from '../src/demo/credentials/credential-types.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { grantSealUse } from '../src/modules/seals/seal-grants.ts';
import { initSm2Pki } from '../src/server-pki.ts';
import { browserSigner } from './browser-signer.ts';
import { contractCalls } from './contract-test-support.ts';
import { pdfsig, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { gmOracleHere, oracleVerdicts } from './gm-oracle.ts';
import { type Session, signInDemo, userIdOf } from './identity-fixture.ts';
import { buildPkiApp, type TestPki } from './test-pki.ts';

const oracleHere = gmOracleHere('contract-sm2-seal');

let served: TestPki & { close(): Promise<void> };
let sm2Pki: Pki;
let pdf: Uint8Array;
const kek = randomBytes(32);
beforeAll(async () => {
  served = await servedTestPki('contract-sm2');
  const sm2Dir = join(served.dir, 'pki-sm2');
  await initSm2Pki({ dir: sm2Dir, passphrase: 'contract-sm2-test', now: new Date('2026-01-01T00:00:00Z') });
  sm2Pki = await loadPki(sm2Dir, 'contract-sm2-test');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Internship agreement', { x: 72, y: 760, size: 18 });
  pdf = await doc.save({ useObjectStreams: false });
});
afterAll(() => served?.close());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`a contract counter-sealed with an SM2 seal on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    let creator: Session;
    let student: Session;
    let sm2SealId: string;
    const clock = { ms: Date.parse('2026-09-01T02:00:00.000Z') };
    const calls = contractCalls(() => app);

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp({ ...served, sm2Pki, pdf }, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      await seedDemoSeals(app.seals, demo);
      creator = await signInDemo(app, demo, 'creator');
      student = await signInDemo(app, demo, 'student');
      const seal = await app.db
        .selectFrom('seals')
        .select('id')
        .where('name', '=', DEMO_SM2_SEAL_NAME)
        .executeTakeFirstOrThrow();
      sm2SealId = seal.id;
      // The demo grants the SM2 seal for certificates; the seal admin lets the creator stamp contracts.
      await grantSealUse(
        app.seals,
        sm2SealId,
        { userId: await userIdOf(app.db, 'creator'), documentTypes: ['contract'] },
        {
          actor: 'sealadmin',
          userId: await userIdOf(app.db, 'sealadmin'),
          role: null,
          org: null,
          requestId: null,
        },
      );
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('a person signs ECDSA, the school seals SM2; our verifier, gm-oracle and pdfsig each give their verdict', async () => {
      const contract = await calls.start(creator, pdf, [
        { kind: 'person', username: 'student' },
        { kind: 'organization', sealId: sm2SealId },
      ]);
      const signed = await calls.signAs(student, contract.id, await browserSigner());
      expect(signed.statusCode, signed.body).toBe(200);
      const sealed = await calls.call(creator, 'POST', `/api/contracts/${contract.id}/seal`, {
        partyId: contract.parties[1]!.id,
      });
      expect(sealed.statusCode, sealed.body).toBe(200);
      const done = sealed.json() as ContractDetail;
      expect(done.status).toBe('completed');
      expect(done.parties.map((p) => [p.name, p.status])).toEqual([
        ['示范学生', 'signed'],
        [DEMO_SM2_SEAL_NAME, 'signed'],
      ]);
      const file = await calls.call(creator, 'GET', `/api/contracts/${contract.id}/file`);
      expect(file.statusCode).toBe(200);
      const bytes = new Uint8Array(file.rawPayload);

      // Our verifier, trusting both hierarchies: two valid signatures, the person and the SM2 seal.
      const report = await verify(bytes, {
        trustAnchors: [served.pki.root.certificate, sm2Pki.root.certificate],
      });
      expect(report.verdict).toBe('authentic');
      expect(report.signatures.map((s) => [s.intact, s.valid, s.trusted])).toEqual([
        [true, true, true],
        [true, true, true],
      ]);
      expect(report.signatures[1]?.algorithm).toMatch(/SM2/i);
      clock.ms += 61_000;
      const verified = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(bytes),
      });
      const result = verified.json() as VerificationResult;
      expect(result.verdict, verified.body).toBe('authentic');
      expect(result.signatures.map((s) => [s.signer, s.signerKind, s.signatureValid])).toEqual([
        ['示范学生', 'person', true],
        [DEMO_SM2_SEAL_NAME, 'seal', true],
      ]);

      // gm-oracle, given both roots: the SM2 seal SM3withSM2, and the person's ECDSA signature, each
      // intact, valid and chained.
      if (oracleHere) {
        const { status, lines } = oracleVerdicts(bytes, [served.pki.root, sm2Pki.root]);
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatchObject({
          intact: true,
          signatureValid: true,
          chainTrusted: true,
          errors: [],
        });
        expect(lines[1]).toMatchObject({
          intact: true,
          signatureValid: true,
          chainTrusted: true,
          digestAlg: 'SM3',
          sigAlg: 'SM3withSM2',
          errors: [],
          timestamp: { present: true, valid: true, tsaTrusted: true, imprintAlg: 'SM3' },
        });
        expect(status).toBe(0);
      }

      // pdfsig: the person's ECDSA signature valid and trusted; NSS cannot check SM2, so not valid.
      const sig = await pdfsig(bytes, served.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });
      expect(sig.signatures[1]?.valid, sig.output).toBe(false);
      const sm2Block = sig.output.slice(sig.output.indexOf('Signature #2:'));
      expect(sm2Block).toContain('Signing Hash Algorithm: unknown');
      expect(sm2Block).toContain('Signature Validation: Unknown Validation Failure.');
    }, 120_000);
  });
}
