// SM2 PDF seals checked both ways against gm-oracle (BouncyCastle + PDFBox, ../shared/tools/gm-oracle):
// it finds our seals intact, valid and trusted at every level in both CMS forms, certified, approved and
// cross-page; we accept what it signs in both of its modes; and a changed byte or a redrawn page is
// refused by us and reported by it.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Certificate, raw, readNode } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { IncrementalWriter } from '../../src/core/incremental-writer.ts';
import { PdfDict } from '../../src/core/objects.ts';
import { flateStream } from '../../src/core/stream-builders.ts';
import { sign } from '../../src/sign/sign.ts';
import type { CmsForm, PadesLevel } from '../../src/sign/sign-options.ts';
import { verify } from '../../src/validate/verify.ts';
import {
  gmOracleAvailable,
  type OracleSignature,
  oraclePki,
  oracleSignPdf,
  oracleVerifyPdf,
  requireGmOracleRuntime,
} from '../support/gm-oracle.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

const FORMS: readonly CmsForm[] = ['standard', 'gmt0010'];
const LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

/** An incremental update that replaces page 1's content (an Incremental Saving Attack). */
function redrawPage(pdf: Uint8Array): Uint8Array {
  const doc = PdfDocument.parse(pdf);
  const page = doc.pages()[0]!;
  const w = new IncrementalWriter(doc);
  const forged = flateStream(new PdfDict(), Buffer.from('BT /F1 24 Tf 72 400 Td (FORGED) Tj ET'));
  w.set(page.ref, new PdfDict(page.dict.map).set('Contents', w.add(forged)));
  return w.finish().bytes;
}

/** One byte of the original document's first object, well inside the first signed range. */
function changeSignedByte(pdf: Uint8Array): Uint8Array {
  const bad = Uint8Array.from(pdf);
  const at = Buffer.from(bad).indexOf('/Type', 0, 'latin1');
  bad[at + 1] = 't'.charCodeAt(0);
  return bad;
}

/** The signed bytes and the /Contents of the newest signature or document timestamp (its last /ByteRange). */
function lastSigned(pdf: Uint8Array): { signed: Buffer; contents: Buffer } {
  const text = Buffer.from(pdf).toString('latin1');
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const [a, b, c, d] = all.at(-1)!.slice(1).map(Number) as [number, number, number, number];
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
  return { signed, contents: Buffer.from(text.slice(a + b + 1, c - 1), 'hex') };
}

const passes = (s: OracleSignature | undefined) =>
  expect(s).toMatchObject({ intact: true, signatureValid: true, chainTrusted: true, errors: [] });

describe.skipIf(!gmOracleAvailable('SM2 PDF seals against gm-oracle'))('SM2 PDF seals and gm-oracle', () => {
  let t: TestPki;
  let rootPem: string;
  beforeAll(async () => {
    requireGmOracleRuntime();
    t = await createTestPki('sm2');
    rootPem = t.save('root.pem', new TextEncoder().encode(t.rootPem));
  });
  afterAll(() => t?.close());

  const seal = (form: CmsForm, level: PadesLevel) =>
    sign(fixture('libreoffice.pdf'), t.credentials, {
      level,
      cmsForm: form,
      timestamper: t.timestamper,
      revocation: t.revocation,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 300, y: 200 },
    });

  describe.each(FORMS)('our %s-OID seals, judged by gm-oracle', (form) => {
    it.each(LEVELS)('%s: intact, valid and trusted, timestamps included', async (level) => {
      const out = await seal(form, level);
      const file = t.save(`ours-${form}-${level}.pdf`, out);
      const { status, signatures, output } = oracleVerifyPdf(file, rootPem);
      const [ours, docTimestamp] = signatures;
      passes(ours);
      expect(ours, output).toMatchObject({
        digestAlg: 'SM3',
        sigAlg: form === 'standard' ? 'SM3withSM2' : 'SM2-1 (sm2sign)',
        format: form === 'standard' ? 'CMS signedData (PKCS#7)' : 'CMS signedData (GM/T 0010)',
        sigEncoding: 'DER',
      });
      // BouncyCastle's own SignerInformation.verify runs on the PKCS#7 OIDs only.
      if (form === 'standard') expect(ours!.bcCmsVerify, output).toBe(true);
      if (level === 'B-B') expect(ours!.timestamp.present, output).toBe(false);
      else {
        expect(ours!.timestamp, output).toMatchObject({
          present: true,
          valid: true,
          imprintAlg: 'SM3',
          tsaTrusted: true,
        });
      }
      if (level !== 'B-LTA') {
        expect(signatures, output).toHaveLength(1);
        // B-LT's DSS revision follows the signature: the oracle notes it, and it fails nothing.
        expect(ours!.coversWholeFile, output).toBe(level !== 'B-LT');
        expect(status, output).toBe(0);
        return;
      }
      // The oracle reads a document timestamp as a CMS and finds its TSTInfo eContent "not detached"
      // (README: not a PAdES validator): its signature (BouncyCastle included) and TSA chain must hold,
      // and its imprint is checked here with openssl against SM3 of the bytes it covers.
      expect(docTimestamp, output).toMatchObject({
        subfilter: 'ETSI.RFC3161',
        digestAlg: 'SM3',
        sigAlg: 'SM3withSM2',
        signatureValid: true,
        bcCmsVerify: true,
        chainTrusted: true,
        coversWholeFile: true,
      });
      expect(docTimestamp!.errors.sort(), output).toEqual([
        'CMS is not detached (eContent present)',
        'eContent is neither the original nor its SM3 digest',
      ]);
      const { signed, contents } = lastSigned(out);
      // /Contents is zero-padded after the token: exactly one TLV.
      const tokenFile = t.save(`ours-${form}-doc-timestamp.tsr`, raw(readNode(contents, 0)));
      const text = spawnSync('openssl', ['ts', '-reply', '-token_in', '-in', tokenFile, '-text'], {
        encoding: 'utf8',
      }).stdout;
      expect(text).toMatch(/Hash Algorithm: sm3/);
      const imprint = [...text.matchAll(/^\s+[0-9a-f]{4} - ([0-9a-f -]+?)\s{2,}/gm)]
        .map((m) => m[1]!.replace(/[ -]/g, ''))
        .join('');
      const signedFile = t.save(`ours-${form}-doc-timestamp.bin`, signed);
      const sm3 = spawnSync('openssl', ['dgst', '-sm3', '-r', signedFile], { encoding: 'utf8' }).stdout;
      expect(imprint).toBe(sm3.split(' ')[0]);
    });

    it('a byte changed in the signed range: refused by us, reported by the oracle', async () => {
      const bad = changeSignedByte(await seal(form, 'B-T'));
      const r = await verify(bad, { trustAnchors: [t.pki.root.certificate] });
      expect(r.verdict).toBe('invalid');
      expect(r.signatures[0]!.subIndication).toMatch(/^HASH_FAILURE/);
      const { status, signatures, output } = oracleVerifyPdf(t.save(`ours-${form}-byte.pdf`, bad), rootPem);
      expect(status, output).toBe(1);
      expect(signatures[0], output).toMatchObject({ intact: false });
      expect(signatures[0]!.errors.join(), output).toMatch(/messageDigest != SM3/);
    });

    it('an appended revision redrawing the page: refused by us, reported by the oracle', async () => {
      const forged = redrawPage(await seal(form, 'B-T'));
      const r = await verify(forged, { trustAnchors: [t.pki.root.certificate] });
      expect(r.verdict).toBe('modified');
      expect(r.signatures[0]!.subIndication).toMatch(
        /^DISALLOWED_MODIFICATION: .*page 1 \/Contents was changed/,
      );
      const file = t.save(`ours-${form}-redrawn.pdf`, forged);
      const { status, signatures, output } = oracleVerifyPdf(file, rootPem, { requireWhole: true });
      expect(status, output).toBe(1);
      expect(signatures[0], output).toMatchObject({
        intact: true,
        signatureValid: true,
        coversWholeFile: false,
      });
      expect(signatures[0]!.errors.join(), output).toMatch(/does not cover the whole file/);
    });
  });

  it('a certification (P=2) with an approval into its reserved field, and a cross-page seal: the oracle passes every signature', async () => {
    const approvalSeal = { kind: 'round', orgName: '示范大学', sealName: '档案专用章' } as const;
    const at = { kind: 'page', page: 1, x: 400, y: 150 } as const;
    const certified = await sign(fixture('libreoffice.pdf'), t.credentials, {
      timestamper: t.timestamper,
      certify: 2,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 150, y: 150 },
      reserveFields: [{ name: 'Archives', seal: approvalSeal, placement: at }],
    });
    const approved = await sign(certified, t.credentials, {
      timestamper: t.timestamper,
      fieldName: 'Archives',
      seal: approvalSeal,
      placement: at,
    });
    const crossPage = await sign(fixture('mupdf.pdf'), t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'cross-page' },
    });
    for (const [name, pdf, count] of [
      ['certified-approved', approved, 2],
      ['cross-page', crossPage, 1],
    ] as const) {
      const { status, signatures, output } = oracleVerifyPdf(t.save(`ours-${name}.pdf`, pdf), rootPem);
      expect([name, status], output).toEqual([name, 0]);
      expect(signatures, output).toHaveLength(count);
      for (const s of signatures) {
        passes(s);
        expect(s.timestamp, output).toMatchObject({ present: true, valid: true, tsaTrusted: true });
      }
    }
  });

  describe.each(['cms', 'gmt0010'] as const)('PDFs gm-oracle signs in mode %s, judged by us', (mode) => {
    let pki: string;
    let root: Certificate;
    let signed: Uint8Array;
    beforeAll(() => {
      pki = oraclePki();
      root = Certificate.fromPem(readFileSync(join(pki, 'root.pem'), 'utf8'))[0]!;
      const input = join(pki, 'in.pdf');
      writeFileSync(input, fixture('libreoffice.pdf'));
      const output = join(pki, `signed-${mode}.pdf`);
      oracleSignPdf(input, output, pki, mode);
      signed = new Uint8Array(readFileSync(output));
    });

    it('authentic: SM2 / SM3, its SM2 timestamp trusted, its chain anchored at its root', async () => {
      const r = await verify(signed, { trustAnchors: [root] });
      expect(r.verdict, r.summary.en).toBe('authentic');
      const s = r.signatures[0]!;
      expect(s).toMatchObject({ indication: 'PASSED', algorithm: 'SM2 / SM3', intact: true, valid: true });
      expect(s.timestamp).toMatchObject({ intact: true, valid: true, trusted: true });
      expect(s.signingTime?.source).toBe('signature-timestamp');
      expect(s.chain).toHaveLength(3);
    });

    it('untrusted without its root, and refused with a changed byte or a redrawn page', async () => {
      const other = await verify(signed, { trustAnchors: [t.pki.root.certificate] });
      expect(other.verdict).toBe('untrusted');
      const bad = await verify(changeSignedByte(signed), { trustAnchors: [root] });
      expect(bad.verdict).toBe('invalid');
      const redrawn = await verify(redrawPage(signed), { trustAnchors: [root] });
      expect(redrawn.verdict).toBe('modified');
      expect(redrawn.signatures[0]!.modifications).toBe('other');
    });
  });
});
