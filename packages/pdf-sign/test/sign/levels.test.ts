// PAdES levels B-B … B-LTA judged by poppler (CAdES signatures) and openssl (document timestamp).

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSignedData } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { type PdfDict, PdfStream, type PdfString } from '../../src/core/objects.ts';
import { sign } from '../../src/sign/sign.ts';
import { SignError } from '../../src/sign/sign-error.ts';
import { mutoolCheck, pdfsig, qpdfCheck } from '../support/validators.ts';
import { createTestPki, fixture, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

/** Signature dictionaries of the newest revision's form, oldest first. */
function signatureDicts(doc: PdfDocument): PdfDict[] {
  const acro = doc.resolveDict(doc.catalog().get('AcroForm'));
  const fields = doc.resolve(acro?.get('Fields'));
  const out: PdfDict[] = [];
  for (const f of Array.isArray(fields) ? fields : []) {
    const v = doc.resolveDict(doc.resolveDict(f)?.get('V'));
    if (v) out.push(v);
  }
  return out;
}

/** pdfsig lists document timestamps too (as type "unknown", unverified): only CAdES ones are judged. */
function expectValid(file: string, count: number) {
  const { output, ...all } = pdfsig(file, t.rootPem);
  const signatures = all.signatures.filter((s) => s.signatureType === 'ETSI.CAdES.detached');
  expect(signatures.length, output).toBe(count);
  for (const s of signatures) {
    expect(s.signatureType, output).toBe('ETSI.CAdES.detached');
    expect(s.valid, output).toBe(true);
    expect(s.trusted, output).toBe(true);
  }
  expect(qpdfCheck(file).ok, qpdfCheck(file).output).toBe(true);
  const mutool = mutoolCheck(file);
  expect(mutool.ok, mutool.output).toBe(true);
  return signatures;
}

describe('PAdES levels', () => {
  it('B-B: no timestamp, no signing-time, pdfsig valid and total', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
      level: 'B-B',
      clock: () => new Date('2026-03-01T08:00:00Z'),
      reason: '成绩证明',
    });
    const sigs = expectValid(t.save('b-b.pdf', out), 1);
    expect(sigs[0]!.totalDocumentSigned).toBe(true);
    const sig = signatureDicts(PdfDocument.parse(out))[0]!;
    const cms = parseSignedData((sig.get('Contents') as PdfString).bytes);
    const si = cms.signerInfos[0]!;
    expect(si.signingTime).toBeUndefined();
    expect(si.signingCertificateV2).toBeDefined();
    expect(si.unsignedAttrs.size).toBe(0);
    expect(Buffer.from((sig.get('M') as PdfString).bytes).toString('latin1')).toBe('D:20260301080000Z');
  });

  it('B-T: a signature-time-stamp token over the signature value', async () => {
    const out = await sign(fixture('chromium-print.pdf'), t.credentials, { timestamper: t.timestamper });
    const sigs = expectValid(t.save('b-t.pdf', out), 1);
    expect(sigs[0]!.totalDocumentSigned).toBe(true);
    const sig = signatureDicts(PdfDocument.parse(out))[0]!;
    const si = parseSignedData((sig.get('Contents') as PdfString).bytes).signerInfos[0]!;
    expect(si.signingTime).toBeUndefined();
    expect(si.unsignedAttrs.get('1.2.840.113549.1.9.16.2.14')?.length).toBe(1);
  });

  it('refuses B-T without a timestamper and B-LT without a revocation source', async () => {
    const pdf = fixture('mupdf.pdf');
    await expect(sign(pdf, t.credentials)).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
    await expect(
      sign(pdf, t.credentials, { level: 'B-LT', timestamper: t.timestamper }),
    ).rejects.toBeInstanceOf(SignError);
  });

  it('B-LT: a DSS with certificates, OCSP and CRLs and a VRI keyed by SHA-1 of /Contents', async () => {
    const out = await sign(fixture('libreoffice.pdf'), t.credentials, {
      level: 'B-LT',
      timestamper: t.timestamper,
      revocation: t.revocation,
    });
    const sigs = expectValid(t.save('b-lt.pdf', out), 1);
    // The DSS revision comes after the signature: valid, but no longer the whole file.
    expect(sigs[0]!.totalDocumentSigned).toBe(false);
    const doc = PdfDocument.parse(out);
    const dss = doc.resolveDict(doc.catalog().get('DSS'))!;
    const sig = signatureDicts(doc)[0]!;
    const key = createHash('sha1')
      .update((sig.get('Contents') as PdfString).bytes)
      .digest('hex')
      .toUpperCase();
    const vri = doc.resolveDict(doc.resolveDict(dss.get('VRI'))!.get(key));
    expect(vri, `VRI ${key}`).toBeDefined();
    const certs = (doc.resolve(dss.get('Certs')) as unknown[]).length;
    // seal, issuing CA, root, TSA, OCSP responder
    expect(certs).toBe(5);
    expect((doc.resolve(dss.get('OCSPs')) as unknown[]).length).toBe(2); // seal and TSA certificates
    expect((doc.resolve(dss.get('CRLs')) as unknown[]).length).toBe(1); // root's CRL for the issuing CA
    expect((doc.resolve(vri!.get('Cert')) as unknown[]).length).toBe(5);
    const ocsp = doc.resolve((doc.resolve(dss.get('OCSPs')) as unknown[])[0] as never);
    expect(ocsp).toBeInstanceOf(PdfStream);
  });

  it('B-LTA: document timestamp last, verified by openssl ts over its byte ranges', async () => {
    const out = await sign(fixture('qpdf-objstm.pdf'), t.credentials, {
      level: 'B-LTA',
      timestamper: t.timestamper,
      revocation: t.revocation,
    });
    const file = t.save('b-lta.pdf', out);
    const sigs = expectValid(file, 1);
    expect(sigs[0]!.totalDocumentSigned).toBe(false);
    expect(pdfsig(file, t.rootPem).signatures[1]?.totalDocumentSigned).toBe(true);
    const doc = PdfDocument.parse(out);
    const dicts = signatureDicts(doc);
    expect(dicts.map((d) => d.name('Type'))).toEqual(['Sig', 'DocTimeStamp']);
    const ts = dicts[1]!;
    expect(ts.name('SubFilter')).toBe('ETSI.RFC3161');
    const br = ts.get('ByteRange') as number[];
    // The document timestamp is the last revision: its second range reaches the end of the file.
    expect(br[2]! + br[3]!).toBe(out.length);
    const signed = Buffer.concat([
      out.subarray(br[0]!, br[0]! + br[1]!),
      out.subarray(br[2]!, br[2]! + br[3]!),
    ]);
    const token = (ts.get('Contents') as PdfString).bytes;
    const tokenDer = token.subarray(0, tokenLength(token));
    const dataFile = t.save('b-lta.signed-bytes', signed);
    const tokenFile = t.save('b-lta.token.der', tokenDer);
    const rootFile = t.save('root.pem', Buffer.from(t.rootPem));
    const untrusted = join(t.dir, 'tsa-chain.pem');
    writeFileSync(untrusted, t.pki.tsa.certificate.toPem() + t.pki.issuing.certificate.toPem());
    const res = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        dataFile,
        '-in',
        tokenFile,
        '-token_in',
        '-CAfile',
        rootFile,
        '-untrusted',
        untrusted,
      ],
      { encoding: 'utf8' },
    );
    expect(`${res.stdout}${res.stderr}`).toMatch(/Verification: OK/);
    // The DSS before the timestamp already covers the signature and the TSA.
    const dss = doc
      .atRevision(doc.revisions.length - 2)
      .catalog()
      .get('DSS');
    expect(dss).toBeDefined();
  });
});

/** Length of the DER TLV at the start of `b` (the placeholder's zero padding follows it). */
function tokenLength(b: Uint8Array): number {
  const first = b[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len;
}
