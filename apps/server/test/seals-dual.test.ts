// Dual seals (双算法) end to end: made through an approved request with algorithm dual (an ECDSA key
// from the standard hierarchy and an SM2 key from the SM2 one, same subject), stamped through
// seal-use, and judged by pdfsig (the visible ECDSA signature), gm-oracle (the SM2 one, BouncyCastle +
// PDFBox, ../shared/tools/gm-oracle) and our public verifier (both). One ledger row and one audit entry
// per stamp; revoking the seal revokes both certificates, each in its hierarchy.

import { createPublicKey, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Seal, VerificationResult } from '@openseal/contract';
import { verify } from '@openseal/pdf-sign';
import { Certificate, loadPki, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { issueCredential, loadIssuePlan } from '../src/modules/credentials/issue-credential.ts';
import type { TemplateSealRef } from '../src/modules/sealing/template-seals.ts';
import { sm2CompanionOwner } from '../src/modules/seals/seal-keys.ts';
import type { SealActor } from '../src/modules/seals/seals-context.ts';
import { createSeal } from '../src/modules/seals/seals-service.ts';
import { decryptKeyEnvelope } from '../src/plugins/keys.ts';
import { initSm2Pki } from '../src/server-pki.ts';
import { buildCredentialApp, pdfsig, servedTestPki } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { gmOracleHere, oracleVerdicts } from './gm-oracle.ts';
import { as, type Session, signInDemo, userIdOf } from './identity-fixture.ts';
import { sealRequests } from './seal-requests.ts';
import { sealUseRequest } from './seal-use-request.ts';
import { buildPkiApp, type TestPki } from './test-pki.ts';

const oracleHere = gmOracleHere('seals-dual');
const SEAL_NAME = '示范大学教务处证明专用章（双算法）';
const SPEC = { kind: 'round', orgName: '示范大学教务处', sealName: '证明专用章' } as const;
const SEED: SealActor = { actor: 'system:test', userId: '', role: null, org: null, requestId: null };

let testPki: TestPki & { close(): Promise<void> };
let sm2Pki: Pki;
const kek = randomBytes(32);
beforeAll(async () => {
  // The standard hierarchy is served on loopback, so NSS in pdfsig can fetch its OCSP answers; pdfsig
  // cannot check SM2 at all, so the SM2 hierarchy beside it needs no server.
  const served = await servedTestPki('seals-dual');
  await initSm2Pki({
    dir: join(served.dir, 'pki-sm2'),
    passphrase: 'seals-dual-test',
    now: new Date('2026-01-01T00:00:00Z'),
  });
  sm2Pki = await loadPki(join(served.dir, 'pki-sm2'), 'seals-dual-test');
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText('Certificate of enrollment', { x: 72, y: 760, size: 18 });
  testPki = { ...served, sm2Pki, pdf: await doc.save({ useObjectStreams: false }) };
});
afterAll(() => testPki?.close());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`dual seals on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const sessions: Record<string, Session> = {};
    let sealId: string;
    let sealed: Uint8Array;

    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
    const requests = sealRequests(call, 'sealadmin', 'leader');
    const sealOf = async (id: string) => (await call('sealadmin', 'GET', `/api/seals/${id}`)).json() as Seal;
    const storedRow = (id: string) =>
      app.db
        .selectFrom('seals')
        .select([
          'certificate',
          'key_envelope',
          'sm2_certificate',
          'sm2_certificate_serial',
          'sm2_key_envelope',
        ])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      for (const u of ['sealadmin', 'leader', 'creator']) sessions[u] = await signInDemo(app, demo, u);
      sealId = await requests.make({
        name: SEAL_NAME,
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        key: { source: 'generate', algorithm: 'dual' },
      });
      await requests.authorize(sealId, {
        userId: await userIdOf(app.db, 'creator'),
        documentTypes: ['certificate'],
      });
      const res = await app.inject(
        sealUseRequest(
          sealId,
          {
            pdf: testPki.pdf,
            placement: { kind: 'page', page: 1, x: 400, y: 200 },
            documentType: 'certificate',
            purpose: 'enrollment certificate for 李四',
          },
          as(sessions['creator'] as Session).headers,
        ),
      );
      expect(res.statusCode, res.body).toBe(200);
      sealed = new Uint8Array(res.rawPayload);
    }, 90_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('makes an ECDSA key from the standard CA and an SM2 key from the SM2 CA, same subject; the seal says dual', async () => {
      const seal = await sealOf(sealId);
      expect(seal).toMatchObject({ algorithm: 'dual', keyStore: 'software' });
      expect(seal.certificateIssuer).not.toContain('SM2');
      const row = await storedRow(sealId);
      const ecdsa = Certificate.fromDer(row.certificate!);
      const sm2 = Certificate.fromDer(row.sm2_certificate!);
      expect([ecdsa.keyType, sm2.keyType]).toEqual(['ec', 'sm2']);
      expect(ecdsa.isIssuedBy(testPki.pki.issuing.certificate)).toBe(true);
      expect(sm2.isIssuedBy(sm2Pki.issuing.certificate)).toBe(true);
      expect(sm2.subject).toEqual(ecdsa.subject);
      expect(row.sm2_certificate_serial).toBe(sm2.serialHex);
      // The companion envelope opens under its own owner only, to the key its certificate names.
      const key = decryptKeyEnvelope(kek, row.sm2_key_envelope!, sm2CompanionOwner(sealId));
      expect(Buffer.compare(createPublicKey(key).export({ type: 'spki', format: 'der' }), sm2.spkiDer)).toBe(
        0,
      );
      expect(() => decryptKeyEnvelope(kek, row.sm2_key_envelope!, sealId)).toThrow();
    });

    it('refuses a dual key in the PKCS#11 token when the request is submitted', async () => {
      const res = await requests.submit('seal.make', {
        name: '令牌双算法章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        key: { source: 'generate', store: 'pkcs11', algorithm: 'dual' },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_SEAL_KEY_ALGORITHM' });
    });

    it('pdfsig finds the visible ECDSA signature valid and trusted', async () => {
      const sig = await pdfsig(sealed, testPki.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(2);
      expect(sig.signatures[0], sig.output).toMatchObject({ valid: true, trusted: true });
    }, 60_000);

    it.skipIf(!oracleHere)(
      'gm-oracle finds the SM2 signature intact, valid and trusted, timestamped by the SM2 TSA',
      () => {
        const { status, lines } = oracleVerdicts(sealed, [sm2Pki.root, testPki.pki.root]);
        expect(lines.map((l) => l.field)).toEqual(['Seal1', 'Seal1-SM2']);
        expect(lines[1]).toMatchObject({
          intact: true,
          signatureValid: true,
          chainTrusted: true,
          sigAlg: 'SM3withSM2',
          errors: [],
          timestamp: { present: true, valid: true, tsaTrusted: true, imprintAlg: 'SM3' },
        });
        expect(lines[1]?.timestamp.tsa).toContain('SM2');
        // The ECDSA one passes there too, with the standard TSA's token.
        expect(lines[0]).toMatchObject({ intact: true, signatureValid: true, chainTrusted: true });
        expect(status).toBe(0);
      },
      120_000,
    );

    it('is authentic on the public verification API: both signatures valid, both named as the seal', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(sealed),
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json() as VerificationResult;
      expect(result.verdict).toBe('authentic');
      expect(result.signatures).toHaveLength(2);
      for (const s of result.signatures) {
        expect(s).toMatchObject({ signatureValid: true, sealName: SEAL_NAME, timestamped: true });
      }
      expect(result.details.signatures.map((s) => [s.intact, s.valid, s.trusted])).toEqual([
        [true, true, true],
        [true, true, true],
      ]);
      expect(result.details.signatures[1]?.algorithm).toMatch(/SM2/);
      expect(result.details.signatures[1]?.timestamp?.tsa).toContain('SM2');
    });

    it('records the stamp once: one ledger row and one seal.use audit entry', async () => {
      const ledger = await app.db.selectFrom('sealed_documents').select(['id', 'seal_id']).execute();
      expect(ledger.map((l) => l.seal_id)).toEqual([sealId]);
      const audit = await app.db
        .selectFrom('audit_log')
        .select('object')
        .where('action', '=', 'seal.use')
        .where('outcome', '=', 'success')
        .execute();
      expect(audit.map((a) => a.object)).toEqual([`seal:${sealId}/document:${ledger[0]?.id}`]);
    });

    // Runs last: it revokes and destroys the seal.
    it('revokes both certificates, each in its hierarchy, and destroying the seal clears both keys', async () => {
      const row = await storedRow(sealId);
      const ecdsaSerial = Certificate.fromDer(row.certificate!).serialNumber;
      const sm2Serial = Certificate.fromDer(row.sm2_certificate!).serialNumber;
      await requests.change(sealId, 'revoke');
      expect(testPki.pki.revocationStatusBySerial('issuing', ecdsaSerial).status).toBe('revoked');
      expect(sm2Pki.revocationStatusBySerial('issuing', sm2Serial).status).toBe('revoked');
      // Live verification asks each hierarchy about its own certificate, and both say revoked.
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(sealed),
      });
      const result = res.json() as VerificationResult;
      expect(result.details.signatures.map((sig) => sig.revocation?.status)).toEqual(['revoked', 'revoked']);
      await requests.change(sealId, 'destroy');
      const destroyed = await storedRow(sealId);
      expect([destroyed.key_envelope, destroyed.sm2_key_envelope]).toEqual([null, null]);
    });
  });

  describe.skipIf(kind.skip)(`a credential sealed by dual seals on the worker path, on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    let pdf: Uint8Array;
    let ledgerSeals: string[];
    const sealIds: string[] = [];

    beforeAll(async () => {
      db = await kind.create();
      // No renderer given: the app renders and seals on its own worker-thread pool.
      ({ app } = await buildCredentialApp(testPki, db, clock));
      const ctx = app.credentials;
      const template = await app.db
        .selectFrom('credential_templates')
        .select(['id', 'seals', 'owner_unit_id'])
        .where('code', '=', 'graduate-transcript-zh')
        .executeTakeFirstOrThrow();
      // Both the issuer and the archive counter-seal are dual: four signatures, two reserved SM2 fields.
      for (const name of ['示范大学教务处（双算法）', '示范大学档案馆（双算法）']) {
        const seal = await createSeal(
          app.seals,
          {
            name,
            type: 'business',
            ownerUnitId: template.owner_unit_id,
            spec: { kind: 'round', orgName: name },
            key: { source: 'generate', algorithm: 'dual' },
          },
          SEED,
        );
        sealIds.push(seal.id);
      }
      const refs = (JSON.parse(template.seals) as TemplateSealRef[]).map((r) => ({
        ...r,
        sealId: r.role === 'issuer' ? sealIds[0] : sealIds[1],
      }));
      await app.db
        .updateTable('credential_templates')
        .set({ seals: JSON.stringify(refs) })
        .where('id', '=', template.id)
        .execute();
      const record = await app.db
        .selectFrom('credential_records')
        .selectAll()
        .where('type_code', '=', 'graduate-transcript-zh')
        .orderBy('subject')
        .executeTakeFirstOrThrow();
      const plan = await loadIssuePlan(ctx, template.id);
      expect(plan.issuer.sm2?.key).toBe('sm2');
      const detail = await issueCredential(ctx, plan, record, {
        actor: 'creator',
        userId: await userIdOf(app.db, 'creator'),
      });
      pdf = await ctx.files.get(detail.sha256);
      const ledger = await app.db
        .selectFrom('sealed_documents')
        .select('seal_id')
        .where('sha256', '=', detail.sha256)
        .execute();
      ledgerSeals = ledger.map((l) => l.seal_id);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('certifies with the dual issuer seal, counter-seals with the dual archive seal: our verifier finds all four at B-LT', async () => {
      const report = await verify(pdf, {
        trustAnchors: [testPki.pki.root.certificate, sm2Pki.root.certificate],
      });
      expect(report.verdict, report.summary.en).toBe('authentic');
      expect(report.signatures.map((s) => [s.fieldName, s.valid, s.trusted, s.pades.level])).toEqual([
        ['Seal1', true, true, 'B-LT'],
        ['Seal1-SM2', true, true, 'B-LT'],
        ['CounterSeal', true, true, 'B-LT'],
        ['CounterSeal-SM2', true, true, 'B-LT'],
      ]);
      expect(report.signatures[0]?.docMdp).toEqual({ permission: 2, violated: false });
      // One ledger row per seal, as for any counter-sealed credential: the SM2 signatures add none.
      expect(ledgerSeals.sort()).toEqual([...sealIds].sort());
    });

    it('pdfsig trusts both ECDSA signatures', async () => {
      const sig = await pdfsig(pdf, testPki.pki.root.certificate.toPem());
      expect(sig.signatures, sig.output).toHaveLength(4);
      expect(
        sig.signatures.filter((x) => x.valid && x.trusted),
        sig.output,
      ).toHaveLength(2);
    }, 60_000);

    it.skipIf(!oracleHere)(
      'gm-oracle finds both SM2 signatures intact, valid and trusted',
      () => {
        const { lines } = oracleVerdicts(pdf, [sm2Pki.root, testPki.pki.root]);
        const sm2 = lines.filter((l) => l.field.endsWith('-SM2'));
        expect(sm2.map((l) => l.field)).toEqual(['Seal1-SM2', 'CounterSeal-SM2']);
        for (const line of sm2) {
          expect(line).toMatchObject({
            intact: true,
            signatureValid: true,
            chainTrusted: true,
            sigAlg: 'SM3withSM2',
            errors: [],
            timestamp: { present: true, valid: true, tsaTrusted: true, imprintAlg: 'SM3' },
          });
        }
      },
      120_000,
    );
  });
}
