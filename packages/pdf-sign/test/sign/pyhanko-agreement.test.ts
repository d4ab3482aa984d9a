// Our output judged by pyHanko (../shared/tools/pyhanko), the most thorough open PAdES validator: every
// level, a cross-page seal, two seals in sequence and a certification followed by an approval must be
// VALID, offline (--no-revocation-check) and with revocation checked against the test PKI served on
// loopback (the URLs in its certificates point there). poppler's pdfsig judges the same files.

import { generateKeyPairSync } from 'node:crypto';
import { softwareSigner } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { sign } from '../../src/sign/sign.ts';
import type { SealCredentials } from '../../src/sign/sign-options.ts';
import { pyhanko, pyhankoAdesLocal, pyhankoAvailable } from '../support/pyhanko.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

const available = pyhankoAvailable('pyhanko-agreement');

const ARCHIVE_SEAL = { kind: 'round', orgName: '示范大学', sealName: '档案专用章' } as const;

let t: TestPki;
let archive: SealCredentials;
/** `widgets`: signature widgets, which pdfsig lists as signatures. */
const files = new Map<string, { path: string; signatures: number; widgets: number }>();

describe.skipIf(!available)('pyHanko agreement (sign validate --trust ROOT --trust-replace)', () => {
  beforeAll(async () => {
    t = await createTestPki();
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    archive = {
      signer: softwareSigner(keys.privateKey),
      certificate: await t.pki.issue({
        profile: 'seal',
        subject: [
          { type: 'C', value: 'CN' },
          { type: 'O', value: '示范大学 / Demo University' },
          { type: 'CN', value: '示范大学档案馆 / Demo University Archives' },
        ],
        publicKey: keys.publicKey,
      }),
      chain: [t.pki.issuing.certificate, t.pki.root.certificate],
    };
    const base = { timestamper: t.timestamper, revocation: t.revocation, seal: ROUND_SEAL };
    const keep = (name: string, bytes: Uint8Array, signatures: number, widgets = signatures) =>
      files.set(name, { path: t.save(`${name}.pdf`, bytes), signatures, widgets });

    for (const level of ['B-B', 'B-T', 'B-LT', 'B-LTA'] as const) {
      const placement = { kind: 'keyword', keyword: '盖章处' } as const;
      keep(level, await sign(fixture('chromium-print.pdf'), t.credentials, { ...base, level, placement }), 1);
    }
    keep(
      'cross-page',
      await sign(fixture('libreoffice.pdf'), t.credentials, {
        ...base,
        level: 'B-LT',
        placement: { kind: 'cross-page' },
      }),
      1,
      PdfDocument.parse(fixture('libreoffice.pdf')).pages().length,
    );
    const first = await sign(fixture('libreoffice.pdf'), t.credentials, {
      ...base,
      level: 'B-LT',
      placement: { kind: 'page', page: 1, x: 150, y: 150 },
    });
    const two = await sign(first, archive, {
      ...base,
      level: 'B-LT',
      seal: ARCHIVE_SEAL,
      placement: { kind: 'page', page: 1, x: 400, y: 150 },
    });
    keep('two-seals', two, 2);
    // As the credential renderer does: certify (DocMDP P=2) reserving the counter-seal's field, then fill it.
    const counterAt = { kind: 'page', page: 1, x: 400, y: 150 } as const;
    const certified = await sign(fixture('libreoffice.pdf'), t.credentials, {
      ...base,
      level: 'B-LT',
      certify: 2,
      placement: { kind: 'page', page: 1, x: 150, y: 150 },
      reserveFields: [{ name: 'CounterSeal', seal: ARCHIVE_SEAL, placement: counterAt }],
    });
    const approved = await sign(certified, archive, {
      ...base,
      level: 'B-LTA',
      seal: ARCHIVE_SEAL,
      fieldName: 'CounterSeal',
      placement: counterAt,
    });
    keep('certified-then-approved', approved, 2);
  }, 120_000);
  afterAll(() => t?.close());

  const cases = [
    'B-B',
    'B-T',
    'B-LT',
    'B-LTA',
    'cross-page',
    'two-seals',
    'certified-then-approved',
  ] as const;

  it.each(cases)(
    '%s: every signature VALID, with and without revocation checking',
    async (name) => {
      const { path, signatures, widgets } = files.get(name)!;
      const rootFile = t.save('root.pem', Buffer.from(t.rootPem));
      for (const revocation of [false, true]) {
        const result = await pyhanko(['sign', 'validate'], path, rootFile, { revocation });
        const context = `${name}, revocation ${revocation ? 'checked' : 'not checked'}:\n${result.output}`;
        expect(result.fields.length, context).toBe(signatures);
        for (const field of result.fields) expect(field.verdict, `${field.name}: ${context}`).toBe('VALID');
        expect(result.exitCode, context).toBe(0);
      }
      // poppler agrees on the CAdES signatures (document timestamps are listed but not judged by it;
      // a cross-page seal's widgets are listed one by one, as in placement.test.ts).
      const { output, ...all } = pdfsig(path, t.rootPem);
      const cades = all.signatures.filter((s) => s.signatureType === 'ETSI.CAdES.detached');
      expect(cades.length, output).toBe(widgets);
      for (const s of cades) expect(s, output).toMatchObject({ valid: true });
      expect(cades[0], output).toMatchObject({ trusted: true });
    },
    120_000,
  );

  it.each(['B-LTA', 'certified-then-approved'] as const)(
    '%s: AdES PASSED from the embedded validation data alone (no fetching, ETSI EN 319 102-1)',
    async (name) => {
      const rootFile = t.save('root.pem', Buffer.from(t.rootPem));
      const result = await pyhankoAdesLocal(files.get(name)!.path, rootFile);
      expect(result.fields.length, result.output).toBe(files.get(name)!.signatures);
      for (const field of result.fields) expect(field.indication, result.output).toBe('AdESPassed.OK');
    },
    120_000,
  );

  it.each(['B-LTA', 'certified-then-approved'] as const)(
    '%s: VALID under AdES validation (sign adesverify) with revocation checked',
    async (name) => {
      const rootFile = t.save('root.pem', Buffer.from(t.rootPem));
      const result = await pyhanko(['sign', 'adesverify'], files.get(name)!.path, rootFile, {
        revocation: true,
      });
      expect(result.fields.length, result.output).toBe(files.get(name)!.signatures);
      for (const field of result.fields) expect(field.verdict, result.output).toBe('VALID');
    },
    120_000,
  );
});
