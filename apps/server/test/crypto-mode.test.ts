import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from '@openseal/pdf-sign';
import { Certificate, type CryptoMode, type Pki } from '@openseal/pki';
import type { FastifyInstance } from 'fastify';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { type DemoSchool, seedDemoSchool } from '../src/demo/seed-demo-school.ts';
import { seedDemoSeals } from '../src/demo/seed-demo-seals.ts';
import { useSeal } from '../src/modules/sealing/seal-step.ts';
import { sm2CompanionOwner } from '../src/modules/seals/seal-keys.ts';
import type { SealActor } from '../src/modules/seals/seals-context.ts';
import { createSeal } from '../src/modules/seals/seals-service.ts';
import { decryptKeyEnvelope, encryptKeyEnvelope, keyEnvelopeMode } from '../src/plugins/keys.ts';
import { openServerPki, serverPkiDir, serverSm2PkiDir, serverTimestamper } from '../src/server-pki.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';
import { userIdOf } from './identity-fixture.ts';

const passphrase = 'crypto mode passphrase 示范';
const SM4_LABEL = 'OPENSEAL SM4 ENCRYPTED PRIVATE KEY';
const PKCS8_LABEL = 'ENCRYPTED PRIVATE KEY';
const SEED: SealActor = { actor: 'system:test', userId: '', role: null, org: null, requestId: null };
const SPEC = { kind: 'round', orgName: '示范大学', sealName: '国密测试章' } as const;

describe('OPENSEAL_CRYPTO_MODE', () => {
  it('is standard by default, gm on request, and anything else is refused by name', () => {
    expect(loadConfig({}).cryptoMode).toBe('standard');
    expect(loadConfig({ OPENSEAL_CRYPTO_MODE: 'gm' }).cryptoMode).toBe('gm');
    expect(() => loadConfig({ OPENSEAL_CRYPTO_MODE: 'sm4' })).toThrow(ConfigError);
    expect(() => loadConfig({ OPENSEAL_CRYPTO_MODE: 'sm4' })).toThrow(
      'OPENSEAL_CRYPTO_MODE must be one of standard, gm, got "sm4"',
    );
  });

  it('seal key envelopes: gm is SM4 (version 2), bound to its seal, and both versions open', () => {
    const kek = randomBytes(32);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const gm = encryptKeyEnvelope(kek, privateKey, 'seal-a', 'gm');
    const standard = encryptKeyEnvelope(kek, privateKey, 'seal-a');
    expect([keyEnvelopeMode(gm), keyEnvelopeMode(standard)]).toEqual(['gm', 'standard']);
    expect(Buffer.from(gm).includes(pkcs8)).toBe(false);
    for (const envelope of [gm, standard]) {
      expect(decryptKeyEnvelope(kek, envelope, 'seal-a').export({ type: 'pkcs8', format: 'der' })).toEqual(
        pkcs8,
      );
      expect(() => decryptKeyEnvelope(kek, envelope, 'seal-b')).toThrow();
      expect(() => decryptKeyEnvelope(randomBytes(32), envelope, 'seal-a')).toThrow();
    }
    for (const at of [0, 1, 20, 97, 120, gm.length - 1]) {
      const tampered = Buffer.from(gm);
      tampered[at]! ^= 1;
      expect(() => decryptKeyEnvelope(kek, tampered, 'seal-a')).toThrow();
    }
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`crypto mode switch on a populated deployment, on ${kind.name}`, () => {
    let db: TestDatabase;
    let dataDir: string;
    let demo: DemoSchool;
    const kek = randomBytes(32);
    let pdf: Uint8Array;
    let firstRoot: Certificate;

    beforeAll(async () => {
      db = await kind.create();
      dataDir = mkdtempSync(join(tmpdir(), 'openseal-crypto-mode-'));
      const doc = await PDFDocument.create();
      doc.addPage([595, 842]).drawText('Contract', { x: 72, y: 760, size: 18 });
      pdf = await doc.save({ useObjectStreams: false });
    }, 60_000);
    afterAll(async () => {
      await db?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** A server start in `mode`: the PKIs opened as `npm start` opens them, then the app. */
    async function start(mode: CryptoMode): Promise<{ app: FastifyInstance; pki: Pki; sm2Pki: Pki }> {
      const config = {
        port: 0,
        host: '127.0.0.1',
        dataDir,
        database: db.config,
        logLevel: 'silent',
        kek,
      } as const;
      const { pki, sm2Pki } = await openServerPki({ ...config, cryptoMode: mode }, passphrase);
      const timestamper = serverTimestamper(pki, sm2Pki);
      const app = await buildApp({ ...config, cryptoMode: mode }, { pki, sm2Pki, timestamper });
      return { app, pki, sm2Pki };
    }

    const sealRows = (app: FastifyInstance) =>
      app.db
        .selectFrom('seals')
        .select(['id', 'name', 'certificate', 'key_envelope', 'sm2_certificate', 'sm2_key_envelope'])
        .where('key_store', '=', 'software')
        .orderBy('name')
        .execute();

    /** The key files of both hierarchies (DATA_DIR/pki and DATA_DIR/pki-sm2). */
    function keyFiles(): { name: string; text: string }[] {
      return [serverPkiDir({ dataDir }), serverSm2PkiDir({ dataDir })].flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.key.pem'))
          .map((name) => ({ name: join(dir, name), text: readFileSync(join(dir, name), 'utf8') })),
      );
    }

    const labelOf = (text: string) => /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];

    /** Every key at rest is in `mode`'s envelope, opens to the key its certificate names, and leaks nothing. */
    async function keysAtRestIn(app: FastifyInstance, pkis: readonly Pki[], mode: CryptoMode) {
      const files = keyFiles();
      expect(files).toHaveLength(10);
      for (const f of files) expect(labelOf(f.text), f.name).toBe(mode === 'gm' ? SM4_LABEL : PKCS8_LABEL);
      const plain = pkis
        .flatMap((pki) => [pki.root, pki.issuing, pki.tsa, pki.ocsp, pki.demoSeal])
        .map((e) => e.privateKey.export({ type: 'pkcs8', format: 'der' }));
      for (const f of files) {
        const bytes = Buffer.concat([
          Buffer.from(f.text),
          Buffer.from(f.text.replace(/-----[A-Z0-9 ]+-----|\s/g, ''), 'base64'),
        ]);
        expect(bytes.includes(Buffer.from(passphrase))).toBe(false);
        for (const p of plain) expect(bytes.includes(p)).toBe(false);
      }
      const rows = await sealRows(app);
      expect(rows.length).toBeGreaterThanOrEqual(4);
      for (const row of rows) {
        const envelope = Buffer.from(row.key_envelope!);
        expect(keyEnvelopeMode(envelope), row.name).toBe(mode);
        const key = decryptKeyEnvelope(kek, envelope, row.id);
        expect(envelope.includes(key.export({ type: 'pkcs8', format: 'der' }))).toBe(false);
        const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
        expect(Buffer.compare(spki, Certificate.fromDer(row.certificate!).spkiDer)).toBe(0);
        // A dual seal's companion SM2 key follows the mode too, under its own owner.
        if (!row.sm2_certificate) continue;
        const companion = Buffer.from(row.sm2_key_envelope!);
        expect(keyEnvelopeMode(companion), `${row.name} (SM2)`).toBe(mode);
        const sm2Key = decryptKeyEnvelope(kek, companion, sm2CompanionOwner(row.id));
        const sm2Spki = createPublicKey(sm2Key).export({ type: 'spki', format: 'der' });
        expect(Buffer.compare(sm2Spki, Certificate.fromDer(row.sm2_certificate).spkiDer)).toBe(0);
      }
      return rows.map((r) => r.id).sort();
    }

    const importedKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const importRef = randomUUID();

    /** A seal request waiting for approval that carries an imported PKCS#12 key (its key envelope). */
    async function pendingImport(app: FastifyInstance) {
      const now = new Date().toISOString();
      const envelope = Buffer.from(encryptKeyEnvelope(kek, importedKey, importRef)).toString('base64');
      await app.db
        .insertInto('approval_requests')
        .values({
          id: randomUUID(),
          type: 'seal.make',
          title: '刻制印章：导入的章',
          requester_id: await userIdOf(app.db, 'creator'),
          unit_id: demo.units.school,
          seal_id: null,
          payload: JSON.stringify({
            name: '导入的章',
            key: { source: 'imported', ref: importRef, envelope, certificate: '' },
          }),
          flow: '{}',
          state: '{}',
          status: 'pending',
          version: 1,
          result: null,
          created_at: now,
          updated_at: now,
          completed_at: null,
        })
        .execute();
    }

    /** The imported key waiting in the request is in `mode`'s envelope and still opens to the same key. */
    async function pendingImportIn(app: FastifyInstance, mode: CryptoMode) {
      const row = await app.db.selectFrom('approval_requests').select('payload').executeTakeFirstOrThrow();
      const envelope = Buffer.from(JSON.parse(row.payload).key.envelope, 'base64');
      expect(keyEnvelopeMode(envelope)).toBe(mode);
      const key = decryptKeyEnvelope(kek, envelope, importRef).export({ type: 'pkcs8', format: 'der' });
      expect(key).toEqual(importedKey.export({ type: 'pkcs8', format: 'der' }));
    }

    /** `creator` stamps a contract with the demo contract seal; the file verifies against the school's root. */
    async function sealsAndVerifies(app: FastifyInstance) {
      const [contractSeal] = (await sealRows(app)).filter((r) => r.name === '示范大学合同专用章');
      const sealed = await useSeal(app.seals, {
        sealId: contractSeal!.id,
        pdf,
        placement: { kind: 'page', page: 1, x: 400, y: 200 },
        documentType: 'contract',
        purpose: `contract sealed in the ${app.seals.cryptoMode} mode`,
        actor: { actor: 'creator', userId: await userIdOf(app.db, 'creator') },
      });
      const report = await verify(sealed.pdf, { trustAnchors: [firstRoot] });
      expect(report.verdict).toBe('authentic');
    }

    it('standard → gm → standard: every key rewritten each time, none lost, sealing verifies throughout', async () => {
      const first = await start('standard');
      firstRoot = first.pki.root.certificate;
      demo = await seedDemoSchool(first.app.db);
      await seedDemoSeals(first.app.seals, demo);
      await pendingImport(first.app);
      const sealIds = await keysAtRestIn(first.app, [first.pki, first.sm2Pki], 'standard');
      await sealsAndVerifies(first.app);
      await first.app.close();

      const gm = await start('gm');
      expect(await keysAtRestIn(gm.app, [gm.pki, gm.sm2Pki], 'gm')).toEqual(sealIds);
      await pendingImportIn(gm.app, 'gm');
      expect(gm.pki.root.certificate.der).toEqual(firstRoot.der);
      expect(gm.sm2Pki.root.certificate.der).toEqual(first.sm2Pki.root.certificate.der);
      await sealsAndVerifies(gm.app);
      // A seal made in the gm mode is written in the SM4 envelope from the start.
      const made = await createSeal(
        gm.app.seals,
        { name: '示范大学国密测试章', type: 'business', ownerUnitId: demo.units.school, spec: SPEC },
        SEED,
      );
      // So is a dual seal's companion SM2 key, which the switch back must rewrite as well.
      const dual = await createSeal(
        gm.app.seals,
        {
          name: '示范大学双算法测试章',
          type: 'business',
          ownerUnitId: demo.units.school,
          spec: SPEC,
          key: { source: 'generate', algorithm: 'dual' },
        },
        SEED,
      );
      expect(dual.algorithm).toBe('dual');
      sealIds.push(made.id, dual.id);
      sealIds.sort();
      expect(await keysAtRestIn(gm.app, [gm.pki, gm.sm2Pki], 'gm')).toEqual(sealIds);
      await gm.app.close();

      const back = await start('standard');
      expect(await keysAtRestIn(back.app, [back.pki, back.sm2Pki], 'standard')).toEqual(sealIds);
      await pendingImportIn(back.app, 'standard');
      await sealsAndVerifies(back.app);
      await back.app.close();
    }, 300_000);
  });
}
