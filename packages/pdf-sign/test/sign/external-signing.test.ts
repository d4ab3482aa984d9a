// Signing with a key held elsewhere: a signer's non-extractable WebCrypto ECDSA P-256 key signs what
// prepareSignature returned, the prepared state goes through JSON in between as a server stores it, and
// completeSignature finishes the PDF. Judged by our verifier and by poppler.

import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Certificate, ecdsaRawToDer, type Timestamper } from '@openseal/pki';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeSignature, prepareSignature } from '../../src/sign/external-signing.ts';
import type { ExternalSignerInfo, PreparedSignature } from '../../src/sign/prepared-signature.ts';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/verify.ts';
import { mutoolCheck, pdfsig, qpdfCheck } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

/** A person whose private key never leaves WebCrypto, certified by the test PKI. */
interface BrowserSigner {
  info: ExternalSignerInfo;
  certificate: Certificate;
  /** What the browser does: crypto.subtle.sign hashes `data` with SHA-256 and returns r || s. */
  signRaw(data: Uint8Array): Promise<Uint8Array>;
}

async function browserSigner(name: string): Promise<BrowserSigner> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const certificate = await t.pki.issue({
    profile: 'person',
    subject: [
      { type: 'C', value: 'CN' },
      { type: 'O', value: '示范大学 / Demo University' },
      { type: 'CN', value: name },
    ],
    publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
  });
  return {
    info: { certificate, chain: t.credentials.chain, keyType: 'ec', digestAlgorithm: 'sha256' },
    certificate,
    signRaw: async (data) =>
      new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data)),
  };
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The state as a server keeps it between the two requests: a JSON row, every byte array in base64. */
function roundTrip(p: PreparedSignature): PreparedSignature {
  const row = JSON.stringify({
    ...p,
    file: b64(p.file),
    toBeSigned: b64(p.toBeSigned),
    documentDigest: b64(p.documentDigest),
    certificate: b64(p.certificate),
    chain: p.chain.map(b64),
  });
  const s = JSON.parse(row);
  return {
    ...s,
    file: unb64(s.file),
    toBeSigned: unb64(s.toBeSigned),
    documentDigest: unb64(s.documentDigest),
    certificate: unb64(s.certificate),
    chain: s.chain.map(unb64),
  };
}

/** prepare → JSON → the browser signs → DER → complete. */
async function signInBrowser(
  pdf: Uint8Array,
  who: BrowserSigner,
  options: Parameters<typeof prepareSignature>[2],
  sources: Parameters<typeof completeSignature>[2],
): Promise<Uint8Array> {
  const prepared = roundTrip(await prepareSignature(pdf, who.info, options));
  const raw = await who.signRaw(prepared.toBeSigned);
  return completeSignature(prepared, ecdsaRawToDer(raw, 'P-256'), sources);
}

/** A timestamper that counts its requests: a refused completion must not ask the TSA. */
function countingTimestamper(): Timestamper & { calls: number } {
  const counter = {
    calls: 0,
    timestamp: (digest: Uint8Array, alg: Parameters<Timestamper['timestamp']>[1]) => {
      counter.calls++;
      return t.timestamper.timestamp(digest, alg);
    },
  };
  return counter;
}

const verifyOurs = (pdf: Uint8Array) => verify(pdf, { trustAnchors: [t.pki.root.certificate] });

function expectPdfsigValid(file: string, count: number) {
  const { output, ...all } = pdfsig(file, t.rootPem);
  const signatures = all.signatures.filter((s) => s.signatureType === 'ETSI.CAdES.detached');
  expect(signatures.length, output).toBe(count);
  for (const s of signatures) expect(s, output).toMatchObject({ valid: true, trusted: true });
  expect(qpdfCheck(file).ok, qpdfCheck(file).output).toBe(true);
  const mutool = mutoolCheck(file);
  expect(mutool.ok, mutool.output).toBe(true);
  return signatures;
}

describe('external signing with a WebCrypto ECDSA P-256 key', () => {
  it('B-T: valid, intact and trusted with the person as signer, in our verifier and in pdfsig', async () => {
    const alice = await browserSigner('李雷 / Li Lei');
    const out = await signInBrowser(
      fixture('chromium-print.pdf'),
      alice,
      { reason: '同意 / Approved' },
      { timestamper: t.timestamper },
    );
    const report = await verifyOurs(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    const sig = report.signatures[0]!;
    expect(sig).toMatchObject({ intact: true, valid: true, trusted: true, coverage: 'entire-file' });
    expect(sig.signer?.commonName).toBe('李雷 / Li Lei');
    expect(sig.algorithm).toBe('ECDSA, 256-bit key, SHA-256');
    expect(sig.signingTime?.source).toBe('signature-timestamp');
    const [viewed] = expectPdfsigValid(t.save('external-b-t.pdf', out), 1);
    expect(viewed!.totalDocumentSigned).toBe(true);
    expect(viewed!.commonName).toBe('李雷 / Li Lei');
  });

  it('B-LT: the DSS holds the validation data and both verifiers accept it', async () => {
    const bob = await browserSigner('韩梅梅 / Han Meimei');
    const out = await signInBrowser(
      fixture('libreoffice.pdf'),
      bob,
      { level: 'B-LT' },
      { timestamper: t.timestamper, revocation: t.revocation },
    );
    const report = await verifyOurs(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    const sig = report.signatures[0]!;
    expect(sig).toMatchObject({ intact: true, valid: true, trusted: true, modifications: 'ltv-data' });
    expect(sig.revocation).toMatchObject({ status: 'good', source: 'dss' });
    expect(sig.signer?.commonName).toBe('韩梅梅 / Han Meimei');
    expectPdfsigValid(t.save('external-b-lt.pdf', out), 1);
  });

  it('B-LTA: the document timestamp comes last, over the DSS', async () => {
    const erin = await browserSigner('Erin');
    const out = await signInBrowser(
      fixture('mupdf.pdf'),
      erin,
      { level: 'B-LTA' },
      { timestamper: t.timestamper, revocation: t.revocation },
    );
    const report = await verifyOurs(out);
    expect(report.verdict, report.summary.en).toBe('authentic');
    expect(report.signatures.map((s) => s.kind)).toEqual(['signature', 'document-timestamp']);
    expect(report.signatures[1]).toMatchObject({ intact: true, valid: true, coverage: 'entire-file' });
    expectPdfsigValid(t.save('external-b-lta.pdf', out), 1);
  });

  it('B-B with an RSA key that signs elsewhere (PKCS#1 v1.5), no timestamper needed', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const certificate = await t.pki.issue({
      profile: 'person',
      subject: [{ type: 'CN', value: 'Frank RSA' }],
      publicKey,
    });
    const info: ExternalSignerInfo = {
      certificate,
      chain: t.credentials.chain,
      keyType: 'rsa',
      digestAlgorithm: 'sha256',
    };
    const prepared = roundTrip(await prepareSignature(fixture('libreoffice.pdf'), info, { level: 'B-B' }));
    const out = await completeSignature(prepared, nodeSign('sha256', prepared.toBeSigned, privateKey));
    const report = await verifyOurs(out);
    expect(report.signatures[0]).toMatchObject({
      intact: true,
      valid: true,
      trusted: true,
      coverage: 'entire-file',
    });
    expect(report.signatures[0]!.signer?.commonName).toBe('Frank RSA');
    expect(report.signatures[0]!.timestamp).toBeUndefined();
    expectPdfsigValid(t.save('external-rsa-b-b.pdf', out), 1);
  });

  it('a second signature, with a handwritten-signature PNG, keeps the first valid', async () => {
    const first = await browserSigner('第一签署人 / First Signer');
    const second = await browserSigner('第二签署人 / Second Signer');
    const once = await signInBrowser(fixture('mupdf.pdf'), first, {}, { timestamper: t.timestamper });
    const twice = await signInBrowser(
      once,
      second,
      {
        seal: { kind: 'image', png: handwrittenPng(), widthMm: 50 },
        placement: { kind: 'page', page: 1, x: 300, y: 200 },
      },
      { timestamper: t.timestamper },
    );
    const report = await verifyOurs(twice);
    expect(report.verdict, report.summary.en).toBe('authentic');
    const [a, b] = report.signatures;
    expect(a).toMatchObject({ intact: true, valid: true, trusted: true });
    expect(['none', 'new-signatures']).toContain(a!.modifications);
    expect(b).toMatchObject({ intact: true, valid: true, trusted: true, coverage: 'entire-file' });
    expect(report.signatures.map((s) => s.signer?.commonName)).toEqual([
      '第一签署人 / First Signer',
      '第二签署人 / Second Signer',
    ]);
    const file = t.save('external-two.pdf', twice);
    expectPdfsigValid(file, 2);
    // The signature is drawn where it was placed, and nothing else on the page changed.
    const [before, after] = [render(t.save('external-one.pdf', once)), render(file)];
    const s = 100 / 72;
    const [cx, cy] = [300 * s, (pageHeight(file) - 200) * s];
    expect(inkShare(before, cx - 60, cy - 25, cx + 60, cy + 25)).toBe(0);
    expect(inkShare(after, cx - 60, cy - 25, cx + 60, cy + 25)).toBeGreaterThan(0.01);
    expect(inkShare(after, 0, 0, after.width, cy - 80)).toBe(inkShare(before, 0, 0, before.width, cy - 80));
  });

  it('an in-process seal after an external signature keeps both valid', async () => {
    const carol = await browserSigner('Carol');
    const once = await signInBrowser(fixture('qpdf-objstm.pdf'), carol, {}, { timestamper: t.timestamper });
    const sealed = await sign(once, t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 300, y: 300 },
    });
    const report = await verifyOurs(sealed);
    expect(report.verdict, report.summary.en).toBe('authentic');
    expect(report.signatures.map((s) => s.valid && s.intact && s.trusted)).toEqual([true, true]);
    expectPdfsigValid(t.save('external-then-seal.pdf', sealed), 2);
  });
});

describe('refusals', () => {
  let dave: BrowserSigner;
  let prepared: PreparedSignature;
  let good: Uint8Array;
  beforeAll(async () => {
    dave = await browserSigner('Dave');
    prepared = roundTrip(await prepareSignature(fixture('chromium-print.pdf'), dave.info, {}));
    good = ecdsaRawToDer(await dave.signRaw(prepared.toBeSigned), 'P-256');
  });

  /** Completion refused with `code`, with no TSA request and the prepared state untouched. */
  async function expectRefused(p: PreparedSignature, signature: Uint8Array, code: string) {
    const before = Uint8Array.from(p.file);
    const tsa = countingTimestamper();
    await expect(completeSignature(p, signature, { timestamper: tsa })).rejects.toMatchObject({ code });
    expect(tsa.calls).toBe(0);
    expect(Buffer.compare(before, p.file)).toBe(0);
  }

  it('a signature by another key, a flipped byte, or raw r || s: ERR_SIGN_BAD_SIGNATURE', async () => {
    const mallory = await browserSigner('Mallory');
    const other = ecdsaRawToDer(await mallory.signRaw(prepared.toBeSigned), 'P-256');
    await expectRefused(prepared, other, 'ERR_SIGN_BAD_SIGNATURE');
    const flipped = Uint8Array.from(good);
    flipped[flipped.length - 3]! ^= 0x01;
    await expectRefused(prepared, flipped, 'ERR_SIGN_BAD_SIGNATURE');
    await expectRefused(prepared, await dave.signRaw(prepared.toBeSigned), 'ERR_SIGN_BAD_SIGNATURE');
    await expectRefused(prepared, new Uint8Array(0), 'ERR_SIGN_BAD_SIGNATURE');
  });

  it('a changed file, digest, toBeSigned or offsets: ERR_SIGN_PREPARED_CHANGED', async () => {
    const file = Uint8Array.from(prepared.file);
    // One byte of the original document's text, far from /Contents.
    file[200]! ^= 0x20;
    await expectRefused({ ...prepared, file }, good, 'ERR_SIGN_PREPARED_CHANGED');
    const appended = Uint8Array.from([...prepared.file, 0x0a]);
    await expectRefused({ ...prepared, file: appended }, good, 'ERR_SIGN_PREPARED_CHANGED');
    const digest = Uint8Array.from(prepared.documentDigest);
    digest[0]! ^= 1;
    await expectRefused({ ...prepared, documentDigest: digest }, good, 'ERR_SIGN_PREPARED_CHANGED');
    // A toBeSigned signed by the right key but not over this file: refused before its signature counts.
    const toBeSigned = Uint8Array.from(prepared.toBeSigned);
    toBeSigned[toBeSigned.length - 1]! ^= 1;
    const signedOther = ecdsaRawToDer(await dave.signRaw(toBeSigned), 'P-256');
    await expectRefused({ ...prepared, toBeSigned }, signedOther, 'ERR_SIGN_PREPARED_CHANGED');
    await expectRefused(
      { ...prepared, contentsStart: prepared.contentsStart + 2 },
      good,
      'ERR_SIGN_PREPARED_CHANGED',
    );
    await expectRefused({ ...prepared, certificate: new Uint8Array(10) }, good, 'ERR_SIGN_PREPARED_CHANGED');
  });

  it('B-T without a timestamper is refused; after every refusal the right signature still completes', async () => {
    await expect(completeSignature(prepared, good, {})).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
    const out = await completeSignature(prepared, good, { timestamper: t.timestamper });
    const report = await verifyOurs(out);
    expect(report.signatures[0]).toMatchObject({ intact: true, valid: true, trusted: true });
  });

  it('prepare refuses a digest, key type or CMS form it cannot complete', async () => {
    const pdf = fixture('mupdf.pdf');
    const refused = async (info: ExternalSignerInfo, options = {}) =>
      expect(prepareSignature(pdf, info, options)).rejects.toMatchObject({ code: 'ERR_SIGN_OPTIONS' });
    await refused({ ...dave.info, digestAlgorithm: 'sha384' as 'sha256' });
    await refused({ ...dave.info, keyType: 'rsa' });
    await refused({ ...dave.info, keyType: 'sm2' as 'ec' });
    await refused(dave.info, { cmsForm: 'gmt0010' });
    await refused(dave.info, { level: 'B-X' });
  });
});

/** A dark-blue pen stroke on a transparent background, like a signature drawn on a tablet. */
function handwrittenPng(): Uint8Array {
  const png = new PNG({ width: 400, height: 160 });
  for (let x = 20; x < 380; x++) {
    const y = Math.round(80 + 45 * Math.sin(x / 25) * Math.cos(x / 90));
    for (let dy = -3; dy <= 3; dy++) {
      for (let dx = -1; dx <= 1; dx++) png.data.set([20, 30, 140, 255], ((y + dy) * 400 + x + dx) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** Share of dark-blue pixels in a region of a rendered page (pixels, from the top-left). */
function inkShare(png: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  let all = 0;
  for (let y = Math.max(0, Math.round(y0)); y < Math.min(png.height, Math.round(y1)); y++) {
    for (let x = Math.max(0, Math.round(x0)); x < Math.min(png.width, Math.round(x1)); x++) {
      const i = (y * png.width + x) * 4;
      all++;
      if (png.data[i]! < 90 && png.data[i + 1]! < 90 && png.data[i + 2]! > 110) ink++;
    }
  }
  return all === 0 ? 0 : ink / all;
}

function render(file: string): PNG {
  const prefix = `${file}.render`;
  const res = spawnSync('pdftoppm', ['-r', '100', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  expect(res.status, String(res.stderr)).toBe(0);
  return PNG.sync.read(readFileSync(`${prefix}.png`));
}

function pageHeight(file: string): number {
  const res = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = res.stdout.match(/Page size:\s+[\d.]+ x ([\d.]+) pts/);
  expect(m, res.stdout).not.toBeNull();
  return Number(m![1]);
}
