// SM2 (国密) seals end to end: made through an approved request with algorithm sm2 (certified by the
// SM2 hierarchy), stamped through seal-use, and judged by our public verifier and by gm-oracle
// (BouncyCastle + PDFBox, ../shared/tools/gm-oracle); a credential under the demo SM2 seal verifies on
// the public API too. ECDSA seals beside them keep their own hierarchy.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Seal, VerificationResult } from '@openseal/contract';
import { verify } from '@openseal/pdf-sign';
import { generateKeyPairAsync, type Pki } from '@openseal/pki';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SM2_SEAL_NAME } from '../src/demo/credentials/credential-types.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { type CredentialFixture, credentialFixture } from './credential-test-support.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { gmOracleHere, oracleVerdicts } from './gm-oracle.ts';
import { as, type Session, signInDemo, userIdOf } from './identity-fixture.ts';
import { sealRequests } from './seal-requests.ts';
import { sealUseRequest } from './seal-use-request.ts';
import { buildPkiApp, makeTestPki, type TestPki } from './test-pki.ts';
import { uploadFor } from './uploads-support.ts';

const oracleHere = gmOracleHere('seals-sm2');
const SPEC = { kind: 'round', orgName: '示范大学教务处', sealName: '证明专用章' } as const;

let testPki: TestPki;
let sm2Pki: Pki;
const kek = randomBytes(32);
beforeAll(async () => {
  testPki = await makeTestPki('seals-sm2', 'Certificate of enrollment', { sm2: true });
  sm2Pki = testPki.sm2Pki as Pki;
});
afterAll(() => testPki?.remove());

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`SM2 seals on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let demo: DemoSchool;
    const clock = { ms: Date.parse('2026-09-01T08:00:00.000Z') };
    const sessions: Record<string, Session> = {};
    let sm2SealId: string;
    let sealed: Uint8Array;

    const call = (user: string, method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, ...as(sessions[user] as Session), ...(payload ? { payload } : {}) });
    const requests = sealRequests(call, 'sealadmin', 'leader');
    const sealOf = async (id: string) => (await call('sealadmin', 'GET', `/api/seals/${id}`)).json() as Seal;

    beforeAll(async () => {
      db = await kind.create();
      app = await buildPkiApp(testPki, db.config, kek, () => new Date(clock.ms));
      demo = await seedDemoSchool(app.db, new Date(clock.ms));
      for (const u of ['sealadmin', 'leader', 'creator']) sessions[u] = await signInDemo(app, demo, u);
      sm2SealId = await requests.make({
        name: '示范大学教务处证明专用章（国密）',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        key: { source: 'generate', algorithm: 'sm2' },
      });
      await requests.authorize(sm2SealId, {
        userId: await userIdOf(app.db, 'creator'),
        documentTypes: ['certificate'],
      });
      const res: LightMyRequestResponse = await app.inject(
        sealUseRequest(
          sm2SealId,
          {
            pdf: testPki.pdf,
            placement: { kind: 'page', page: 1, x: 400, y: 200 },
            documentType: 'certificate',
            purpose: 'enrollment certificate for 张三',
          },
          as(sessions['creator'] as Session).headers,
        ),
      );
      expect(res.statusCode, res.body).toBe(200);
      sealed = new Uint8Array(res.rawPayload);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('makes an SM2 seal certified by the SM2 issuing CA, and says so; a default seal stays ECDSA', async () => {
      const seal = await sealOf(sm2SealId);
      expect(seal).toMatchObject({ algorithm: 'sm2', keyStore: 'software' });
      expect(seal.certificateIssuer).toContain('SM2签发CA');
      const ecdsa = await requests.make({
        name: '成绩专用章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: { kind: 'round', orgName: '示范大学教务处', sealName: '成绩专用章' },
      });
      const other = await sealOf(ecdsa);
      expect(other.algorithm).toBe('ecdsa');
      expect(other.certificateIssuer).not.toContain('SM2');
    });

    it('refuses an SM2 key in the PKCS#11 token when the request is submitted', async () => {
      const res = await requests.submit('seal.make', {
        name: '令牌章',
        type: 'business',
        ownerUnitId: demo.units.academicAffairs,
        spec: SPEC,
        key: { source: 'generate', store: 'pkcs11', algorithm: 'sm2' },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ERR_SEAL_KEY_ALGORITHM' });
    });

    it('imports an SM2 key and certificate from PKCS#12 (OpenSSL 3): an SM2 seal chained to the SM2 root', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openseal-sm2-p12-'));
      try {
        const keys = await generateKeyPairAsync('sm2');
        const cert = await sm2Pki.issue({
          profile: 'seal',
          subject: [
            { type: 'O', value: '示范大学' },
            { type: 'CN', value: '导入的国密章' },
          ],
          publicKey: keys.publicKey,
          now: new Date(clock.ms - 86_400_000),
        });
        writeFileSync(join(dir, 'key.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
        writeFileSync(join(dir, 'cert.pem'), cert.toPem());
        const p12 = join(dir, 'seal.p12');
        execFileSync('openssl', [
          ...['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'cert.pem')],
          ...['-passout', 'pass:p12-secret', '-out', p12],
        ]);
        const uploadId = await uploadFor(
          app,
          sessions['sealadmin'] as Session,
          'seal.p12',
          readFileSync(p12),
        );
        const sealId = await requests.make({
          name: '导入的国密章',
          type: 'business',
          ownerUnitId: demo.units.academicAffairs,
          spec: SPEC,
          key: { source: 'pkcs12', uploadId, password: 'p12-secret' },
        });
        expect(await sealOf(sealId)).toMatchObject({ algorithm: 'sm2', certificateSerial: cert.serialHex });
        await requests.authorize(sealId, {
          userId: await userIdOf(app.db, 'creator'),
          documentTypes: ['certificate'],
        });
        const res = await app.inject(
          sealUseRequest(
            sealId,
            {
              pdf: testPki.pdf,
              placement: { kind: 'page', page: 1, x: 300, y: 200 },
              documentType: 'certificate',
              purpose: 'imported SM2 key',
            },
            as(sessions['creator'] as Session).headers,
          ),
        );
        expect(res.statusCode, res.body).toBe(200);
        const report = await verify(new Uint8Array(res.rawPayload), {
          trustAnchors: [sm2Pki.root.certificate],
        });
        expect(report.verdict).toBe('authentic');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('stamps SM3withSM2 with an SM2 TSA token, which our verifier finds authentic against the SM2 root', async () => {
      const report = await verify(sealed, { trustAnchors: [sm2Pki.root.certificate] });
      expect(report.verdict).toBe('authentic');
      expect(report.signatures[0]).toMatchObject({ intact: true, valid: true, trusted: true });
      expect(report.signatures[0]?.timestamp).toMatchObject({ valid: true, trusted: true });
      // Not trusted under the RSA/ECDSA root alone: the hierarchies are separate.
      const other = await verify(sealed, { trustAnchors: [testPki.pki.root.certificate] });
      expect(other.signatures[0]?.trusted).toBe(false);
    });

    it('is authentic on the public verification API, named as our seal', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(sealed),
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json() as VerificationResult;
      expect(result.verdict).toBe('authentic');
      expect(result.signatures[0]).toMatchObject({
        signatureValid: true,
        sealName: '示范大学教务处证明专用章（国密）',
        timestamped: true,
      });
      expect(result.details.signatures[0]).toMatchObject({ intact: true, valid: true, trusted: true });
      expect(result.details.signatures[0]?.timestamp).toMatchObject({ valid: true, trusted: true });
      expect(result.details.signatures[0]?.timestamp?.tsa).toContain('SM2');
    });

    it.skipIf(!oracleHere)(
      'passes gm-oracle: intact, valid, trusted, SM3withSM2, timestamped by the SM2 TSA',
      () => {
        const { status, lines } = oracleVerdicts(sealed, [sm2Pki.root]);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({
          intact: true,
          signatureValid: true,
          chainTrusted: true,
          digestAlg: 'SM3',
          sigAlg: 'SM3withSM2',
          errors: [],
          timestamp: { present: true, valid: true, tsaTrusted: true, imprintAlg: 'SM3' },
        });
        expect(lines[0]?.timestamp.tsa).toContain('SM2');
        expect(status).toBe(0);
      },
      120_000,
    );

    // Runs last: it revokes the SM2 seal.
    it('revokes an SM2 seal in the SM2 hierarchy, and live verification reads its state there', async () => {
      const serial = BigInt(`0x${(await sealOf(sm2SealId)).certificateSerial}`);
      await requests.change(sm2SealId, 'revoke');
      expect(sm2Pki.revocationStatusBySerial('issuing', serial).status).toBe('revoked');
      expect(testPki.pki.revocationStatusBySerial('issuing', serial).status).toBe('unknown');
      const res = await app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: Buffer.from(sealed),
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json() as VerificationResult;
      expect(result.details.signatures[0]?.revocation).toMatchObject({
        status: 'revoked',
        source: 'fetched',
      });
    });
  });

  describe.skipIf(kind.skip)(`a credential under the demo SM2 seal on ${kind.name}`, () => {
    let f: CredentialFixture;
    beforeAll(async () => {
      f = await credentialFixture(kind, testPki, { publicUrl: 'https://verify.demo.edu.cn' });
    }, 120_000);
    afterAll(() => f?.close());

    it('is issued through the portal, sealed SM2, and verifies on the public API', async () => {
      const student = await f.login('student');
      const issued = await f.app.inject({
        method: 'POST',
        url: '/api/portal/credentials',
        ...as(student),
        payload: { typeCode: 'enrollment-certificate-sm2-zh' },
      });
      expect(issued.statusCode, issued.body).toBe(200);
      const { id } = issued.json().credential as { id: string };
      const pdf = await f.app.inject({
        method: 'GET',
        url: `/api/portal/credentials/${id}/pdf`,
        ...as(student),
      });
      expect(pdf.statusCode, pdf.body).toBe(200);
      const res = await f.app.inject({
        method: 'POST',
        url: '/api/public/verify',
        headers: { 'content-type': 'application/pdf' },
        payload: pdf.rawPayload,
      });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json() as VerificationResult;
      expect(result.verdict).toBe('authentic');
      expect(result.signatures[0]).toMatchObject({ signatureValid: true, sealName: DEMO_SM2_SEAL_NAME });
      expect(result.details.signatures[0]).toMatchObject({ intact: true, valid: true, trusted: true });
      expect(result.details.signatures[0]?.algorithm).toMatch(/SM2/i);
      // B-LT: the file itself carries the SM2 hierarchy's answer for the seal, read offline.
      const offline = await verify(new Uint8Array(pdf.rawPayload), {
        trustAnchors: [sm2Pki.root.certificate],
        revocation: 'embedded-only',
      });
      expect(offline.signatures[0]).toMatchObject({
        trusted: true,
        revocation: { status: 'good', source: 'dss' },
      });
      if (oracleHere) {
        const { status, lines } = oracleVerdicts(new Uint8Array(pdf.rawPayload), [sm2Pki.root]);
        expect(lines[0]).toMatchObject({
          intact: true,
          signatureValid: true,
          chainTrusted: true,
          errors: [],
        });
        expect(status).toBe(0);
      }
    });
  });
}
