// SM2 seals (国密): PAdES signatures from an SM2 hierarchy at every level and placement the RSA path has,
// in both CMS forms, judged by our verifier; mismatched or unknown algorithm OIDs never pass.

import {
  buildSignedData,
  generateKeyPair,
  OID,
  oid,
  parseSignedData,
  parseTimestampToken,
  raw,
  type Signer,
  sequence,
  softwareSigner,
} from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { IncrementalWriter } from '../../src/core/incremental-writer.ts';
import { PdfDict, type PdfString } from '../../src/core/objects.ts';
import { flateStream } from '../../src/core/stream-builders.ts';
import { pkiRevocationSource } from '../../src/sign/revocation-sources.ts';
import { sign } from '../../src/sign/sign.ts';
import type { CmsForm, SealCredentials } from '../../src/sign/sign-options.ts';
import { checkSignatureCms } from '../../src/validate/cms-check.ts';
import { verify } from '../../src/validate/verify.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
let archive: SealCredentials;
beforeAll(async () => {
  t = await createTestPki('sm2');
  const keys = generateKeyPair('sm2');
  const certificate = await t.pki.issue({
    profile: 'seal',
    subject: [
      { type: 'C', value: 'CN' },
      { type: 'O', value: '示范大学 / Demo University' },
      { type: 'CN', value: '示范大学档案馆 / Demo University Archives' },
    ],
    publicKey: keys.publicKey,
  });
  archive = {
    signer: softwareSigner(keys.privateKey),
    certificate,
    chain: [t.pki.issuing.certificate, t.pki.root.certificate],
  };
});
afterAll(() => t.close());

const check = (pdf: Uint8Array) => verify(pdf, { trustAnchors: [t.pki.root.certificate] });

/** The value of every signature field of the newest revision, oldest first. */
function signatureValues(pdf: Uint8Array): PdfDict[] {
  const doc = PdfDocument.parse(pdf);
  const fields = doc.resolve(doc.resolveDict(doc.catalog().get('AcroForm'))?.get('Fields'));
  return (Array.isArray(fields) ? fields : [])
    .map((f) => doc.resolveDict(doc.resolveDict(f)?.get('V')))
    .filter((v): v is PdfDict => v !== undefined);
}

/** An incremental update that replaces page 1's content (an Incremental Saving Attack). */
function redrawPage(pdf: Uint8Array): Uint8Array {
  const doc = PdfDocument.parse(pdf);
  const page = doc.pages()[0]!;
  const w = new IncrementalWriter(doc);
  const forged = flateStream(new PdfDict(), Buffer.from('BT /F1 24 Tf 72 400 Td (FORGED) Tj ET'));
  w.set(page.ref, new PdfDict(page.dict.map).set('Contents', w.add(forged)));
  return w.finish().bytes;
}

const cmsOf = (v: PdfDict) => parseSignedData((v.get('Contents') as PdfString).bytes);

describe('SM2 seals at every PAdES level', () => {
  it.each([
    ['standard', 'B-B'],
    ['standard', 'B-T'],
    ['standard', 'B-LT'],
    ['standard', 'B-LTA'],
    ['gmt0010', 'B-T'],
    ['gmt0010', 'B-LTA'],
  ] as const)('%s OIDs, %s: authentic, SM2 / SM3 throughout', async (form, level) => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      level,
      cmsForm: form,
      timestamper: t.timestamper,
      revocation: t.revocation,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 300, y: 200 },
    });
    const r = await check(out);
    expect(r.verdict, r.summary.en).toBe('authentic');
    expect(r.summary.en).toMatch(
      /^Authentic and unmodified\. Sealed by .+, with the SM2 algorithms \(SM2 \/ SM3\)\.$/,
    );
    expect(r.summary.zh).toMatch(/签章，使用国密算法 SM2 \/ SM3。$/);
    const [seal, docTimestamp] = r.signatures;
    expect(seal).toMatchObject({ kind: 'signature', indication: 'PASSED', algorithm: 'SM2 / SM3' });
    expect(seal!.problems).toEqual([]);
    if (form === 'standard') expect(seal!.pades).toEqual({ conformant: true, level, problems: [] });
    else expect(seal!.pades.problems.join()).toMatch(/GM\/T 0010/);
    if (level !== 'B-B') expect(seal!.timestamp).toMatchObject({ intact: true, valid: true, trusted: true });
    if (level === 'B-LT' || level === 'B-LTA') {
      expect(seal!.revocation).toMatchObject({ status: 'good', source: 'dss' });
    }
    if (level === 'B-LTA') {
      expect(docTimestamp).toMatchObject({
        kind: 'document-timestamp',
        indication: 'PASSED',
        algorithm: 'SM2 / SM3',
      });
    } else expect(r.signatures).toHaveLength(1);

    const value = signatureValues(out)[0]!;
    expect(value.name('SubFilter')).toBe('ETSI.CAdES.detached');
    const cms = cmsOf(value);
    const si = cms.signerInfos[0]!;
    expect(si.digestAlgorithmOid).toBe(OID.sm3);
    expect(cms.digestAlgorithmOids).toEqual([OID.sm3]);
    // signing-certificate-v2 hashed with SM3, its hashAlgorithm named (not the SHA-256 DEFAULT).
    expect(si.signingCertificateV2?.[0]?.hashAlgorithmOid).toBe(OID.sm3);
    expect(si.signingTime).toBeUndefined();
    if (form === 'standard') {
      expect([cms.contentInfoType, cms.contentType, si.signatureAlgorithmOid]).toEqual([
        OID.signedData,
        OID.data,
        OID.sm2WithSm3,
      ]);
    } else {
      expect([cms.contentInfoType, cms.contentType, si.contentType, si.signatureAlgorithmOid]).toEqual([
        OID.gmSignedData,
        OID.gmData,
        OID.gmData,
        OID.sm2Sign1,
      ]);
    }
    if (level !== 'B-B') {
      const token = parseTimestampToken(raw(si.unsignedAttrs.get(OID.signatureTimeStampToken)![0]!));
      expect(token.messageImprint.digestAlgorithmOid).toBe(OID.sm3);
      expect(token.signedData.signerInfos[0]!.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
    }
    if (level === 'B-LTA') {
      const stamp = signatureValues(out)[1]!;
      expect(stamp.name('SubFilter')).toBe('ETSI.RFC3161');
      const token = parseTimestampToken((stamp.get('Contents') as PdfString).bytes);
      expect(token.messageImprint.digestAlgorithmOid).toBe(OID.sm3);
    }
  });

  it('the GM/T 0010 form needs an SM2 signer', async () => {
    const rsa = { ...t.credentials, signer: softwareSigner(generateKeyPair('ecdsa-p256').privateKey) };
    await expect(
      sign(fixture('chromium-print.pdf'), rsa, { level: 'B-B', cmsForm: 'gmt0010' }),
    ).rejects.toMatchObject({
      code: 'ERR_SIGN_OPTIONS',
      message: expect.stringMatching(/SM2 signer, not ec/),
    });
  });
});

describe('SM2 placements and signature sequences', () => {
  it('a cross-page seal on three pages: one SM2 signature, authentic', async () => {
    const out = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'cross-page' },
    });
    const r = await check(out);
    expect(r.verdict, r.summary.en).toBe('authentic');
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]!.algorithm).toBe('SM2 / SM3');
  });

  it.each(['standard', 'gmt0010'] as const)(
    '%s OIDs: certification P=2 reserving a field, then an approval into it: both pass, DocMDP kept',
    async (form: CmsForm) => {
      const approvalSeal = { kind: 'round', orgName: '示范大学', sealName: '档案专用章' } as const;
      const at = { kind: 'page', page: 1, x: 400, y: 150 } as const;
      const certified = await sign(fixture('libreoffice.pdf'), t.credentials, {
        timestamper: t.timestamper,
        cmsForm: form,
        certify: 2,
        seal: ROUND_SEAL,
        placement: { kind: 'page', page: 1, x: 150, y: 150 },
        reserveFields: [{ name: 'Archives', seal: approvalSeal, placement: at }],
      });
      const approved = await sign(certified, archive, {
        timestamper: t.timestamper,
        cmsForm: form,
        fieldName: 'Archives',
        seal: approvalSeal,
        placement: at,
      });
      const r = await check(approved);
      expect(r.verdict, r.summary.en).toBe('authentic');
      expect(r.signatures.map((s) => [s.indication, s.algorithm, s.docMdp?.permission])).toEqual([
        ['PASSED', 'SM2 / SM3', 2],
        ['PASSED', 'SM2 / SM3', undefined],
      ]);
      expect(r.signatures[1]!.signer?.commonName).toContain('Archives');

      // A revision redrawing the page afterwards is more than P=2 allows.
      const e = await check(redrawPage(approved));
      expect(e.signatures[0]!.docMdp).toEqual({ permission: 2, violated: true });
      expect(e.signatures[0]!.modificationDetails.join()).toMatch(/page 1 \/Contents was changed/);
      expect(e.verdict).toBe('modified');
      expect(e.signatures[0]!.indication).toBe('FAILED');
    },
  );
});

describe('SM2 revocation at B-LT', () => {
  it('a seal made after its SM2 certificate was revoked is refused; one made before still passes', async () => {
    const keys = generateKeyPair('sm2');
    const certificate = await t.pki.issue({
      profile: 'seal',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'O', value: '示范大学 / Demo University' },
        { type: 'CN', value: '示范大学旧章 / Demo University Retired Seal' },
      ],
      publicKey: keys.publicKey,
    });
    const retired: SealCredentials = { ...archive, signer: softwareSigner(keys.privateKey), certificate };
    const options = { level: 'B-LT', timestamper: t.timestamper, revocation: t.revocation } as const;
    const before = await sign(fixture('chromium-print.pdf'), retired, options);
    expect((await check(before)).signatures[0]!.revocation).toMatchObject({ status: 'good', source: 'dss' });

    await t.pki.revoke(certificate.serialNumber, 'keyCompromise');
    // A new source: the first one reuses its good response while it is fresh, as a responder's cache does.
    const after = await sign(fixture('chromium-print.pdf'), retired, {
      ...options,
      revocation: pkiRevocationSource(t.pki),
    });
    const r = await check(after);
    expect(r.verdict).toBe('revoked');
    expect(r.signatures[0]!.revocation.status).toBe('revoked');
    expect(r.signatures[0]!.problems.map((p) => p.code)).toContain('REVOKED');
    // The earlier file's own DSS still says good (its response was produced after its timestamp).
    expect((await check(before)).verdict).toBe('authentic');
  });
});

/** A Signer that signs real SM2 but claims `digestAlgorithm` and `signatureAlgorithm` as given. */
function claiming(signer: Signer, digestAlgorithm: Signer['digestAlgorithm'], algorithmOid: string): Signer {
  return {
    ...signer,
    sign: (d) => signer.sign(d),
    digestAlgorithm,
    signatureAlgorithm: sequence(oid(algorithmOid)),
  };
}

describe('SM2 algorithm OIDs that do not fit never pass', () => {
  it.each([
    [
      'SM3withSM2 with a SHA-256 digestAlgorithm',
      'sha256',
      OID.sm2WithSm3,
      /cannot be used with digest sha256/,
    ],
    ['SM2-1 with a SHA-256 digestAlgorithm', 'sha256', OID.sm2Sign1, /cannot be used with digest sha256/],
    ['an unknown signature OID with SM3', 'sm3', '1.2.156.10197.1.599', /unsupported signature algorithm/],
    [
      'sha256WithRSAEncryption with SM3',
      'sm3',
      OID.sha256WithRSAEncryption,
      /cannot be used with digest sm3/,
    ],
  ] as const)('%s: a clear UNSUPPORTED_ALGORITHM, verdict invalid', async (_name, digest, alg, message) => {
    const forged: SealCredentials = { ...t.credentials, signer: claiming(t.credentials.signer, digest, alg) };
    const out = await sign(fixture('chromium-print.pdf'), forged, { level: 'B-B' });
    const r = await check(out);
    const s = r.signatures[0]!;
    expect(s.valid).toBe(false);
    expect(s.indication).not.toBe('PASSED');
    expect(s.problems.find((p) => p.code === 'UNSUPPORTED_ALGORITHM')?.message).toMatch(message);
    expect(r.verdict).toBe('invalid');
    expect(r.summary.en).toMatch(/unknown algorithm or an inconsistent pair/);
  });

  it('an unknown digest OID: INDETERMINATE, never a pass and never "changed"', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, { level: 'B-B' });
    // SM3 1.2.156.10197.1.401 → 1.2.156.10197.1.402 inside /Contents (outside the signed ranges).
    const sm3Hex = Buffer.from(oid(OID.sm3)).toString('hex').toUpperCase();
    const text = Buffer.from(out).toString('latin1');
    const forged = Buffer.from(text.replaceAll(sm3Hex, `${sm3Hex.slice(0, -2)}12`), 'latin1');
    expect(forged.equals(Buffer.from(out))).toBe(false);
    const s = (await check(new Uint8Array(forged))).signatures[0]!;
    expect(s.problems.map((p) => p.code)).toContain('UNSUPPORTED_ALGORITHM');
    expect(s.indication).toBe('INDETERMINATE');
    expect(s.subIndication).toMatch(
      /^CRYPTO_CONSTRAINTS_FAILURE: unsupported digest algorithm 1\.2\.156\.10197\.1\.402/,
    );
  });

  it('a GM/T 0010 SignedData whose content type is id-data is refused', async () => {
    const cms = await buildSignedData({
      form: 'gmt0010',
      contentType: OID.data,
      signer: t.credentials.signer,
      certificate: t.credentials.certificate,
      messageDigest: new Uint8Array(32),
    });
    // The parser reads the GM/T outer OID; the check pairs it with GM/T's data only.
    expect(parseSignedData(cms).contentInfoType).toBe(OID.gmSignedData);
    const c = checkSignatureCms(cms, new Uint8Array(10), [0, 5, 5, 5], 'ETSI.CAdES.detached');
    expect(c.problems.map((p) => p.code)).toContain('CMS_CONTENT_TYPE');
  });
});
