// Dual signature (双算法) judged by the validators each half is made for: poppler, MuPDF and pyHanko check the
// visible RSA signature (and know no SM2/SM3, which they say), gm-oracle (BouncyCastle) checks the SM2 one,
// and our verifier checks both, the RSA one changed afterwards by nothing but the SM2 signature's fill.

import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { type DualSignOptions, signDual } from '../../src/sign/dual-sign.ts';
import { readForm } from '../../src/sign/form-fields.ts';
import { sign } from '../../src/sign/sign.ts';
import type { PadesLevel } from '../../src/sign/sign-options.ts';
import type { VerificationReport } from '../../src/validate/report.ts';
import { verify } from '../../src/validate/verify.ts';
import {
  gmOracle,
  gmOracleAvailable,
  type OracleSignature,
  requireGmOracleRuntime,
} from '../support/gm-oracle.ts';
import { pyhanko, pyhankoAvailable } from '../support/pyhanko.ts';
import { mutoolCheck, pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

const LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];
const AT = { kind: 'page', page: 1, x: 300, y: 200 } as const;

let rsa: TestPki;
let gm: TestPki;
let rsaRoot: string;
let gmRoot: string;

/** Both signers with their own TSA and revocation source: the two PKIs share nothing. */
function options(level: PadesLevel, extra: Partial<DualSignOptions['primary']> = {}): DualSignOptions {
  return {
    level,
    primary: {
      credentials: rsa.credentials,
      timestamper: rsa.timestamper,
      revocation: rsa.revocation,
      seal: ROUND_SEAL,
      placement: AT,
      reason: '教务处盖章',
      ...extra,
    },
    sm2: { credentials: gm.credentials, timestamper: gm.timestamper, revocation: gm.revocation },
  };
}

const verifyBoth = (pdf: Uint8Array): Promise<VerificationReport> =>
  verify(pdf, { trustAnchors: [rsa.pki.root.certificate, gm.pki.root.certificate] });

/** gm-oracle verify-pdf trusting both roots: one entry per signature field, by name. */
function oracle(file: string): {
  status: number | null;
  byField: Map<string, OracleSignature>;
  output: string;
} {
  const r = gmOracle(['verify-pdf', file, '--trust', gmRoot, '--trust', rsaRoot]);
  const byField = new Map((r.json as unknown as OracleSignature[]).map((s) => [s.field, s]));
  return { status: r.status, byField, output: r.output };
}

/** `mutool sign -v`: MuPDF's own check, one block per signature object. */
function mutoolVerify(file: string): { blocks: string[]; output: string } {
  const r = spawnSync('mutool', ['sign', '-v', file], { encoding: 'utf8', timeout: 30_000 });
  const output = `${r.stdout}${r.stderr}`;
  return { blocks: output.split(/^Verifying signature \d+:$/m).slice(1), output };
}

/** The file as the primary signed it: everything up to the end of its ByteRange. */
function primaryRevision(pdf: Uint8Array): Uint8Array {
  const m = Buffer.from(pdf)
    .toString('latin1')
    .match(/\/ByteRange\s*\[\s*0\s+\d+\s+(\d+)\s+(\d+)\s*\]/)!;
  return pdf.subarray(0, Number(m[1]) + Number(m[2]));
}

describe.skipIf(!gmOracleAvailable('dual signature'))('dual signature: RSA visible, SM2 beside it', () => {
  beforeAll(async () => {
    requireGmOracleRuntime();
    [rsa, gm] = await Promise.all([createTestPki(), createTestPki('sm2')]);
    rsaRoot = rsa.save('root.pem', new TextEncoder().encode(rsa.rootPem));
    gmRoot = gm.save('root.pem', new TextEncoder().encode(gm.rootPem));
  });
  afterAll(() => {
    rsa?.close();
    gm?.close();
  });

  it.each(LEVELS)('%s: pdfsig trusts the RSA signature, gm-oracle the SM2 one, we both', async (level) => {
    const out = await signDual(fixture('libreoffice.pdf'), options(level));
    const file = rsa.save(`dual-${level}.pdf`, out);

    // The SM2 field was created, empty and invisible, by the primary's own revision.
    const reserved = readForm(PdfDocument.parse(primaryRevision(out))).emptySignatureFields;
    expect(reserved.map((f) => f.name)).toEqual(['Seal1-SM2']);
    expect(reserved[0]!.dict.get('Rect')).toEqual([0, 0, 0, 0]);

    const poppler = pdfsig(file, rsa.rootPem);
    expect(poppler.signatures, poppler.output).toHaveLength(level === 'B-LTA' ? 3 : 2);
    expect(poppler.signatures[0], poppler.output).toMatchObject({
      valid: true,
      trusted: true,
      signatureType: 'ETSI.CAdES.detached',
      totalDocumentSigned: false,
    });
    // Expected: poppler 22.12 (NSS) knows no SM3, so it cannot check the SM2 signature at all.
    expect(poppler.signatures[1], poppler.output).toMatchObject({
      valid: false,
      validation: 'Unknown Validation Failure.',
    });
    expect(poppler.output).toMatch(/Unrecognized Hash ID/);

    const mupdf = mutoolVerify(file);
    expect(mutoolCheck(file).ok).toBe(true);
    expect(mupdf.blocks[0], mupdf.output).toMatch(
      /The signature is valid but there have been edits since signing/,
    );
    // Expected, as for poppler: MuPDF's digest check has no SM3.
    expect(mupdf.blocks[1], mupdf.output).toMatch(/Digest error/);

    const { status, byField, output } = oracle(file);
    expect(byField.get('Seal1-SM2'), output).toMatchObject({
      digestAlg: 'SM3',
      sigAlg: 'SM3withSM2',
      intact: true,
      signatureValid: true,
      chainTrusted: true,
      bcCmsVerify: true,
      errors: [],
    });
    // BouncyCastle checks the RSA half too, against its own root.
    expect(byField.get('Seal1'), output).toMatchObject({
      intact: true,
      signatureValid: true,
      chainTrusted: true,
    });
    if (level === 'B-B') {
      expect(byField.get('Seal1-SM2')!.timestamp.present, output).toBe(false);
    } else {
      expect(byField.get('Seal1-SM2')!.timestamp, output).toMatchObject({
        present: true,
        valid: true,
        imprintAlg: 'SM3',
        tsaTrusted: true,
      });
      expect(byField.get('Seal1')!.timestamp, output).toMatchObject({ valid: true, imprintAlg: 'SHA-256' });
    }
    // The oracle is no PAdES validator: it reads B-LTA's document timestamp as an attached CMS and fails it.
    expect(status, output).toBe(level === 'B-LTA' ? 1 : 0);

    const report = await verifyBoth(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    // The two seals' lines in the plain summary differ only by the algorithms they name.
    expect(report.summary.en).toMatch(
      /Sealed by .+, with RSA, 2048-bit key, SHA-256; Sealed by .+, with the SM2 algorithms \(SM2 \/ SM3\)\.$/,
    );
    expect(report.summary.zh).toMatch(
      /签章，使用 RSA, 2048-bit key, SHA-256；由 .+签章，使用国密算法 SM2 \/ SM3。$/,
    );
    const [primary, second] = report.signatures;
    expect(primary).toMatchObject({
      fieldName: 'Seal1',
      algorithm: 'RSA, 2048-bit key, SHA-256',
      indication: 'PASSED',
      coverage: 'entire-revision',
      modifications: 'new-signatures',
      pades: { conformant: true, level },
    });
    // The SM2 revision changed the reserved field's /V and nothing else.
    expect(primary!.modificationDetails.filter((d) => d.startsWith('revision 2:'))).toEqual([
      'revision 2: field "Seal1-SM2" was signed',
    ]);
    expect(second).toMatchObject({
      fieldName: 'Seal1-SM2',
      algorithm: 'SM2 / SM3',
      indication: 'PASSED',
      pades: { conformant: true, level },
    });
    if (level === 'B-LT' || level === 'B-LTA') {
      // One DSS holds both PKIs' chains and revocation data, each asked of its own source.
      for (const s of [primary!, second!])
        expect(s.revocation).toMatchObject({ status: 'good', source: 'dss' });
    }
  });

  it('an ECDSA primary: pdfsig trusts it, gm-oracle the SM2 one, we both', async () => {
    const ec = await createTestPki('ecdsa-p256');
    try {
      const out = await signDual(fixture('mupdf.pdf'), {
        primary: {
          credentials: ec.credentials,
          timestamper: ec.timestamper,
          seal: ROUND_SEAL,
          placement: AT,
        },
        sm2: { credentials: gm.credentials, timestamper: gm.timestamper, cmsForm: 'gmt0010' },
      });
      const file = ec.save('dual-ecdsa.pdf', out);
      const poppler = pdfsig(file, ec.rootPem);
      expect(poppler.signatures[0], poppler.output).toMatchObject({ valid: true, trusted: true });
      const r = gmOracle(['verify-pdf', file, '--trust', gmRoot]);
      const sm2 = (r.json as unknown as OracleSignature[]).find((s) => s.field === 'Seal1-SM2');
      expect(sm2, r.output).toMatchObject({ sigAlg: 'SM2-1 (sm2sign)', intact: true, chainTrusted: true });
      const report = await verify(out, { trustAnchors: [ec.pki.root.certificate, gm.pki.root.certificate] });
      expect(report.verdict, report.summary.en).toBe('authentic');
      expect(report.signatures.map((s) => s.algorithm)).toEqual(['ECDSA, 256-bit key, SHA-256', 'SM2 / SM3']);
    } finally {
      ec.close();
    }
  });

  it('certified P=2: filling the reserved SM2 field is allowed (ours, pdfsig and pyHanko agree)', async () => {
    const out = await signDual(fixture('chromium-print.pdf'), options('B-T', { certify: 2 }));
    const file = rsa.save('dual-certified.pdf', out);
    const report = await verifyBoth(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    expect(report.signatures[0]).toMatchObject({
      docMdp: { permission: 2, violated: false },
      modifications: 'new-signatures',
      indication: 'PASSED',
    });
    const poppler = pdfsig(file, rsa.rootPem);
    expect(poppler.signatures[0], poppler.output).toMatchObject({ valid: true, trusted: true });
    const { byField, output } = oracle(file);
    expect(byField.get('Seal1-SM2'), output).toMatchObject({
      intact: true,
      signatureValid: true,
      chainTrusted: true,
    });
    if (!pyhankoAvailable('dual signature, pyHanko')) return;
    const hanko = await pyhanko(['sign', 'validate'], file, rsaRoot, { revocation: false });
    // pyHanko has no SM2 either: it judges the certification alone, and finds the fill compatible with P=2.
    expect(hanko.fields[0], hanko.output).toEqual({ name: 'Seal1', verdict: 'VALID' });
    expect(hanko.output).toMatch(/compatible with the current document modification policy/);
  });

  it('into fields a certification reserved: both filled, no field added', async () => {
    const certified = await sign(fixture('libreoffice.pdf'), rsa.credentials, {
      timestamper: rsa.timestamper,
      certify: 2,
      reserveFields: [{ name: 'Registrar', seal: ROUND_SEAL, placement: AT }, { name: 'RegistrarGM' }],
    });
    // The primary fills a field, so its revision can reserve none: the SM2 signature must name one too.
    await expect(signDual(certified, options('B-T', { fieldName: 'Registrar' }))).rejects.toMatchObject({
      code: 'ERR_SIGN_OPTIONS',
    });
    const out = await signDual(certified, {
      ...options('B-T', { fieldName: 'Registrar' }),
      sm2: { credentials: gm.credentials, timestamper: gm.timestamper, fieldName: 'RegistrarGM' },
    });
    const report = await verifyBoth(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    expect(report.signatures.map((s) => s.fieldName)).toEqual(['Seal1', 'Registrar', 'RegistrarGM']);
    expect(report.signatures[0]).toMatchObject({
      docMdp: { violated: false },
      modifications: 'new-signatures',
    });
    const { byField, output } = oracle(rsa.save('dual-reserved.pdf', out));
    expect(byField.get('RegistrarGM'), output).toMatchObject({ intact: true, signatureValid: true });
  });

  it('a byte changed in the SM2 revision: we refuse the SM2 signature, gm-oracle reports it', async () => {
    const out = await signDual(fixture('libreoffice.pdf'), options('B-T'));
    // The SM2 signature's /M (its revision, outside the RSA signature's range): the year 2026 → 2027.
    const text = Buffer.from(out).toString('latin1');
    const at = text.lastIndexOf('/M (D:20') + '/M (D:20'.length + 1;
    expect(at).toBeGreaterThan(primaryRevision(out).length);
    const bad = Uint8Array.from(out);
    bad[at] = bad[at] === 0x37 ? 0x38 : 0x37;

    const report = await verifyBoth(bad);
    expect(report.verdict).toBe('invalid');
    // The RSA signature still verifies, but what was added after it is no longer a valid signature.
    expect(report.signatures[0]).toMatchObject({ intact: true, valid: true, modifications: 'other' });
    expect(report.signatures[0]!.subIndication).toMatch(
      /^DISALLOWED_MODIFICATION: .*"Seal1-SM2" holds a signature that does not verify/,
    );
    expect(report.signatures[1]).toMatchObject({ intact: false, indication: 'FAILED' });
    expect(report.signatures[1]!.subIndication).toMatch(/^HASH_FAILURE/);

    const { status, byField, output } = oracle(rsa.save('dual-sm2-byte.pdf', bad));
    expect(status, output).toBe(1);
    expect(byField.get('Seal1'), output).toMatchObject({ intact: true, signatureValid: true });
    expect(byField.get('Seal1-SM2'), output).toMatchObject({ intact: false });
    expect(byField.get('Seal1-SM2')!.errors.join(), output).toMatch(/messageDigest != SM3/);
  });

  it('refuses, before signing anything, what cannot make a dual signature', async () => {
    const pdf = fixture('libreoffice.pdf');
    const bad: DualSignOptions[] = [
      // The halves swapped: SM2 cannot be the one viewers check.
      { ...options('B-T'), primary: { ...options('B-T').primary, credentials: gm.credentials } },
      { ...options('B-T'), sm2: { ...options('B-T').sm2, credentials: rsa.credentials } },
      // P=1 forbids the SM2 signature that follows.
      options('B-T', { certify: 1 as 2 }),
      // B-LT needs revocation data for the SM2 chains too.
      { ...options('B-LT'), sm2: { credentials: gm.credentials, timestamper: gm.timestamper } },
      {
        ...options('B-T'),
        sm2: { ...options('B-T').sm2, fieldName: 'Seal1' },
        primary: { ...options('B-T').primary, fieldName: 'Seal1' },
      },
    ];
    for (const o of bad) {
      await expect(signDual(pdf, o), JSON.stringify(o.level)).rejects.toMatchObject({
        code: 'ERR_SIGN_OPTIONS',
      });
    }
  });
});
