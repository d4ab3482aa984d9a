// What a verified signature must also satisfy to be relied on: a real seal (not only a timestamp), a
// timestamp that can be trusted, a certificate meant for seals, and keys and digests strong enough.

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Timestamper } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { PdfDict, PdfName, PdfString } from '../../src/core/objects.ts';
import { byteRangePlaceholder, contentsPlaceholder, embedContents } from '../../src/sign/byte-range.ts';
import { addDocumentTimestamp } from '../../src/sign/document-timestamp.ts';
import { readForm } from '../../src/sign/form-fields.ts';
import { sign } from '../../src/sign/sign.ts';
import type { SealCredentials } from '../../src/sign/sign-options.ts';
import { writeSignatureField } from '../../src/sign/signature-field.ts';
import { type VerificationReport, verify } from '../../src/validate/index.ts';
import {
  appendRevision,
  formPdf,
  issueSeal,
  makeTestPki,
  SIGNING_TIME,
  type TestPki,
} from './forgery-kit.ts';

let t: TestPki;
let stranger: TestPki;
const AT = new Date(SIGNING_TIME.getTime() + 60_000);

beforeAll(async () => {
  t = await makeTestPki();
  stranger = await makeTestPki();
}, 60_000);
afterAll(() => {
  rmSync(t.dir, { recursive: true, force: true });
  rmSync(stranger.dir, { recursive: true, force: true });
});

const check = (pdf: Uint8Array) => verify(pdf, { trustAnchors: t.anchors, at: AT });
const codes = (r: VerificationReport) => r.signatures.flatMap((s) => s.problems.map((p) => p.code));
const sealWith = (credentials: SealCredentials, timestamper: Timestamper = t.timestamper, pdf = formPdf()) =>
  sign(pdf, credentials, { level: 'B-T', timestamper, clock: t.clock });

describe('timestamp-only documents', () => {
  it('a file whose only signature is a document timestamp is timestamped, not sealed by the TSA', async () => {
    const r = await check(await addDocumentTimestamp(formPdf(), t.timestamper));
    expect(r.signatures.map((s) => s.kind)).toEqual(['document-timestamp']);
    expect(r.signatures[0]!.indication).toBe('PASSED');
    expect(r.verdict).toBe('timestamped');
    expect(r.authenticAndUnmodified).toBe(false);
    expect(r.summary.en).toMatch(
      /^Timestamped, not sealed: a timestamp by .+ proves the document existed unchanged/,
    );
    expect(r.summary.en).not.toMatch(/Sealed by|Authentic/);
    expect(r.summary.zh).toMatch(/^文件只有时间戳，没有签章/);
  });

  it("dates in the summary read in the reader's time zone when one is given", async () => {
    const stamped = await addDocumentTimestamp(formPdf(), t.timestamper);
    const r = await verify(stamped, { trustAnchors: t.anchors, at: AT, timeZone: 'Asia/Shanghai' });
    const beijing = new Date(SIGNING_TIME.getTime() + 8 * 3_600_000)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    expect(r.summary.en).toContain(`at ${beijing} (UTC+8)`);
  });
});

describe('signature timestamps that do not qualify', () => {
  it('a timestamp from an untrusted authority: reported, and the signing time is only claimed', async () => {
    const r = await check(await sealWith(t.credentials, stranger.timestamper));
    const s = r.signatures[0]!;
    expect(s.timestamp).toMatchObject({ intact: true, valid: true, trusted: false });
    expect(codes(r)).toContain('TIMESTAMP_UNTRUSTED');
    expect(s.signingTime?.source).toBe('claimed');
    expect(r.summary.en).toMatch(/time claimed by the signer: its timestamp cannot be trusted/);
  });

  it('a timestamp over other data: reported as not matching, and the signing time is only claimed', async () => {
    const elsewhere: Timestamper = {
      timestamp: (digest, alg) => t.timestamper.timestamp(randomBytes(digest.length), alg),
    };
    const r = await check(await sealWith(t.credentials, elsewhere));
    const s = r.signatures[0]!;
    expect(s.timestamp).toMatchObject({ intact: false, trusted: false });
    expect(s.problems.find((p) => p.code === 'TIMESTAMP_UNTRUSTED')?.message).toMatch(/different data/);
    expect(s.signingTime?.source).toBe('claimed');
  });
});

describe('chains checked across documents', () => {
  it('a look-alike hierarchy (same names, other keys) stays untrusted after the genuine one was checked', async () => {
    // The genuine chain's links are checked once and remembered by the certificates' bytes; the
    // stranger's certificates carry the same names, so only the bytes can tell them apart.
    const genuine = await sealWith(t.credentials);
    const impostor = await sealWith(stranger.credentials, stranger.timestamper);
    for (let round = 0; round < 2; round++) {
      expect((await check(genuine)).verdict).toBe('authentic');
      const r = await check(impostor);
      expect(r.verdict).toBe('untrusted');
      expect(codes(r)).toContain('NO_TRUSTED_CHAIN');
    }
  });
});

describe('certificates not meant for seals', () => {
  it.each([
    ['the timestamp authority', 'tsa', /meant only for timestamps/],
    ['the OCSP responder', 'ocsp', /meant only for OCSP responses/],
  ] as const)('a signature made with %s certificate is refused', async (_name, entity, why) => {
    const { certificate, signer } = t.pki[entity];
    const r = await check(
      await sealWith({ certificate, signer, chain: [t.pki.issuing.certificate, t.pki.root.certificate] }),
    );
    const s = r.signatures[0]!;
    expect(s.intact && s.valid).toBe(true);
    expect(s.keyUsageOk).toBe(false);
    expect(s.problems.find((p) => p.code === 'KEY_USAGE')?.message).toMatch(why);
    expect(r.verdict).toBe('untrusted');
    expect(r.summary.en).toMatch(/^Not a seal: the certificate of ".+" is meant only for/);
    expect(r.summary.zh).toMatch(/不是用于签章的证书/);
  });
});

describe('keys and digests too weak to rely on', () => {
  it('an RSA key under 2048 bits is refused', async () => {
    const r = await check(
      await sealWith(await issueSeal(t, generateKeyPairSync('rsa', { modulusLength: 1024 }))),
    );
    expect(r.signatures[0]!.problems.find((p) => p.code === 'WEAK_ALGORITHM')?.message).toMatch(
      /1024-bit RSA key; at least 2048/,
    );
    expect(r.signatures[0]!.subIndication).toMatch(/^CRYPTO_CONSTRAINTS_FAILURE/);
    expect(r.verdict).toBe('indeterminate');
    expect(r.summary.en).toMatch(/^Cannot be relied on: the seal uses a 1024-bit RSA key/);
  });

  it('an EC key under 256 bits is refused', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'secp224r1' });
    const r = await check(await sealWith(await issueSeal(t, keys)));
    expect(r.signatures[0]!.problems.find((p) => p.code === 'WEAK_ALGORITHM')?.message).toMatch(
      /224-bit EC key; at least 256/,
    );
    expect(r.verdict).toBe('indeterminate');
  });

  it('a P-256 key passes', async () => {
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect((await check(await sealWith(await issueSeal(t, keys)))).verdict).toBe('authentic');
  });

  it('a SHA-1 signature (made by OpenSSL) is refused', async () => {
    const r = await check(sha1Signed());
    const weak = r.signatures[0]!.problems.filter((p) => p.code === 'WEAK_ALGORITHM');
    expect(r.signatures[0]!.intact).toBe(true);
    expect(weak[0]?.message).toMatch(/SHA-1/);
    expect(r.signatures[0]!.subIndication).toMatch(/^CRYPTO_CONSTRAINTS_FAILURE: .*SHA-1/);
    expect(r.verdict).toBe('indeterminate');
  });
});

/** formPdf signed with `openssl cms -md sha1` over its byte range: an old signer's output. */
function sha1Signed(): Uint8Array {
  const doc = PdfDocument.parse(formPdf());
  const sigDict = new PdfDict([
    ['Type', PdfName.of('Sig')],
    ['Filter', PdfName.of('Adobe.PPKLite')],
    ['SubFilter', PdfName.of('adbe.pkcs7.detached')],
    ['ByteRange', byteRangePlaceholder()],
    ['Contents', contentsPlaceholder(8192)],
  ]);
  const file = writeSignatureField(doc, readForm(doc), {
    sigDict,
    fieldName: 'Old',
    widgets: [],
  });
  const bytes = file.bytes;
  const tbs = join(t.dir, 'tbs.bin');
  writeFileSync(
    tbs,
    Buffer.concat([bytes.subarray(0, file.contentsStart), bytes.subarray(file.contentsEnd)]),
  );
  writeFileSync(join(t.dir, 'seal.pem'), t.pki.demoSeal.certificate.toPem());
  writeFileSync(join(t.dir, 'issuing.pem'), t.pki.issuing.certificate.toPem());
  writeFileSync(
    join(t.dir, 'seal.key'),
    t.pki.demoSeal.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  );
  execFileSync('openssl', [
    ...['cms', '-sign', '-binary', '-md', 'sha1', '-in', tbs, '-outform', 'DER'],
    ...[
      '-signer',
      join(t.dir, 'seal.pem'),
      '-inkey',
      join(t.dir, 'seal.key'),
      '-out',
      join(t.dir, 'sig.der'),
    ],
    ...['-certfile', join(t.dir, 'issuing.pem')],
  ]);
  return embedContents(file, new Uint8Array(readFileSync(join(t.dir, 'sig.der'))));
}

describe('active content', () => {
  it('a sealed file that runs JavaScript when opened is never simply authentic', async () => {
    const scripted = appendRevision(formPdf(), (doc, w) => {
      const action = new PdfDict([
        ['S', PdfName.of('JavaScript')],
        ['JS', new PdfString(new Uint8Array(Buffer.from('this.getField("grade").value = "A+";')), false)],
      ]);
      w.set(doc.catalogRef(), new PdfDict(doc.catalog().map).set('OpenAction', action));
    });
    const r = await check(await sealWith(t.credentials, t.timestamper, scripted));
    expect(r.signatures[0]!.indication).toBe('PASSED');
    expect(r.activeContent.map((a) => a.kind)).toEqual(['javascript']);
    expect(r.verdict).toBe('indeterminate');
    expect(r.authenticAndUnmodified).toBe(false);
    expect(r.summary.en).toMatch(/contains active content a reader may run: JavaScript \(.+opens/);
    expect(r.summary.zh).toMatch(/JavaScript 脚本/);
  });
});
