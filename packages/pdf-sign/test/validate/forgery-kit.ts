// Test-time material for the verifier's tests: a throw-away PKI, a small form document, genuine
// signatures made with sign(), and the byte surgery that turns them into the published attacks
// (pdf-insecurity.org: USF, ISA, SWA, shadow attacks). Nothing here is written into the repository.

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Certificate,
  createOcspResponder,
  createTimestampAuthority,
  initPki,
  loadPki,
  type Pki,
  softwareSigner,
  type Timestamper,
} from '@openseal/pki';
import { indexOfAscii, lastIndexOfAscii } from '../../src/core/byte-search.ts';
import { PdfDocument } from '../../src/core/document.ts';
import { IncrementalWriter } from '../../src/core/incremental-writer.ts';
import type { PdfObject } from '../../src/core/objects.ts';
import { classicPdf } from '../../src/core/test-fixtures.ts';
import { buildPadesCms } from '../../src/sign/pades-cms.ts';
import type { RevocationSource, SealCredentials } from '../../src/sign/sign-options.ts';

export interface TestPki {
  pki: Pki;
  anchors: Certificate[];
  rootPem: string;
  credentials: SealCredentials;
  timestamper: Timestamper;
  revocation: RevocationSource;
  /** A fixed signing clock inside every certificate's validity. */
  clock: () => Date;
  dir: string;
}

export const SIGNING_TIME = new Date();

export async function makeTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-validate-'));
  const passphrase = 'test-only-passphrase';
  // Certificates start at whole seconds; make them valid well before the fixed signing clock.
  await initPki({ dir: join(dir, 'pki'), passphrase, now: new Date(SIGNING_TIME.getTime() - 3_600_000) });
  const pki = await loadPki(join(dir, 'pki'), passphrase);
  const clock = () => SIGNING_TIME;
  const chain = [pki.issuing.certificate, pki.root.certificate];
  const timestamper = createTimestampAuthority({
    certificate: pki.tsa.certificate,
    signer: pki.tsa.signer,
    chain,
    clock,
  });
  const ocsp = createOcspResponder({
    issuer: pki.issuing.certificate,
    responder: { certificate: pki.ocsp.certificate, signer: pki.ocsp.signer },
    status: () => ({ status: 'good' }),
    clock,
  });
  const revocation: RevocationSource = {
    ocsp: async (cert, issuer) =>
      issuer.fingerprint() === pki.issuing.certificate.fingerprint() ? ocsp.responseFor(cert) : undefined,
    crl: async (_cert, issuer) =>
      pki.crl(issuer.fingerprint() === pki.root.certificate.fingerprint() ? 'root' : 'issuing', SIGNING_TIME),
  };
  return {
    pki,
    anchors: [pki.root.certificate],
    rootPem: pki.root.certificate.toPem(),
    credentials: { signer: pki.demoSeal.signer, certificate: pki.demoSeal.certificate, chain },
    timestamper,
    revocation,
    clock,
    dir,
  };
}

/** A seal certificate of its own from the issuing CA for `keys` (default: a new RSA-2048 pair). */
export async function issueSeal(
  t: TestPki,
  keys: { publicKey: KeyObject; privateKey: KeyObject } = generateKeyPairSync('rsa', { modulusLength: 2048 }),
): Promise<SealCredentials> {
  const certificate = await t.pki.issue({
    profile: 'seal',
    subject: [
      { type: 'O', value: 'Demo University' },
      { type: 'CN', value: 'Registrar seal' },
    ],
    publicKey: keys.publicKey,
    now: new Date(SIGNING_TIME.getTime() - 60_000),
  });
  return {
    signer: softwareSigner(keys.privateKey),
    certificate,
    chain: [t.pki.issuing.certificate, t.pki.root.certificate],
  };
}

const stream = (dict: string, data: string) =>
  `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;

/**
 * One page with text, a form XObject, a font, and a text field "grade" whose widget shows its value:
 * the ingredients of the shadow attacks. Object numbers: 1 catalog, 2 pages, 3 page, 4 content,
 * 5 field/widget, 6 its appearance, 7 font, 8 form XObject; with `indirectForm`, 9 the interactive form.
 */
export function formPdf(options?: { indirectForm?: boolean }): Uint8Array {
  const form = '<< /Fields [5 0 R] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 7 0 R >> >> >>';
  const extra: Record<number, string> = options?.indirectForm ? { 9: form } : {};
  return classicPdf({
    1: `<< /Type /Catalog /Pages 2 0 R /AcroForm ${options?.indirectForm ? '9 0 R' : form} >>`,
    2: '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>',
    3: '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 7 0 R >> /XObject << /X1 8 0 R >> >> /Annots [5 0 R] >>',
    4: stream('', 'BT /F1 24 Tf 72 700 Td (Diploma: Alice Example) Tj ET q 100 0 0 50 72 600 cm /X1 Do Q'),
    5: '<< /Type /Annot /Subtype /Widget /FT /Tx /T (grade) /V (A) /Rect [72 500 272 530] /P 3 0 R /F 4 /DA (/Helv 12 Tf 0 g) /AP << /N 6 0 R >> >>',
    6: stream(
      '/Type /XObject /Subtype /Form /BBox [0 0 200 30] /Resources << /Font << /Helv 7 0 R >> >>',
      'BT /Helv 12 Tf 2 10 Td (A) Tj ET',
    ),
    7: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    8: stream('/Type /XObject /Subtype /Form /BBox [0 0 1 1]', '0 0 1 rg 0 0 1 1 re f'),
    ...extra,
  }).bytes;
}

/** An incremental update made with the core writer (what an attacker's tool appends). */
export function appendRevision(
  pdf: Uint8Array,
  edit: (doc: PdfDocument, w: IncrementalWriter) => void,
  trailerExtras?: Record<string, PdfObject>,
): Uint8Array {
  const doc = PdfDocument.parse(pdf);
  const w = new IncrementalWriter(doc);
  edit(doc, w);
  return w.finish({ trailerExtras }).bytes;
}

/** Where the newest signature dictionary's /ByteRange array and /Contents string stand. */
export interface SignatureLocation {
  byteRange: { start: number; end: number };
  contents: { start: number; end: number };
  ranges: number[];
}

export function locateSignature(pdf: Uint8Array): SignatureLocation {
  const br = lastIndexOfAscii(pdf, '/ByteRange');
  const open = indexOfAscii(pdf, '[', br);
  const close = indexOfAscii(pdf, ']', open);
  const c = indexOfAscii(pdf, '/Contents', close) + '/Contents'.length;
  const cs = indexOfAscii(pdf, '<', c);
  const ce = indexOfAscii(pdf, '>', cs) + 1;
  const ranges = Buffer.from(pdf.subarray(open + 1, close))
    .toString('latin1')
    .trim()
    .split(/\s+/)
    .map(Number);
  return { byteRange: { start: open, end: close + 1 }, contents: { start: cs, end: ce }, ranges };
}

/** A copy with `text` written at `at`, padded with spaces to `length` bytes (offsets never move). */
export function overwrite(pdf: Uint8Array, at: number, length: number, text: string): Uint8Array {
  if (text.length > length) throw new Error('replacement longer than the original');
  const out = Uint8Array.from(pdf);
  out.set(Buffer.from(text.padEnd(length, ' '), 'latin1'), at);
  return out;
}

export function setByteRange(pdf: Uint8Array, ranges: readonly number[]): Uint8Array {
  const loc = locateSignature(pdf);
  return overwrite(
    pdf,
    loc.byteRange.start,
    loc.byteRange.end - loc.byteRange.start,
    `[${ranges.join(' ')}]`,
  );
}

/** Re-signs the newest signature over `ranges` with the test key: an attacker who got ranges of their choosing signed. */
export async function resignOver(
  pdf: Uint8Array,
  ranges: readonly number[],
  t: TestPki,
): Promise<Uint8Array> {
  const out = setByteRange(pdf, ranges);
  const loc = locateSignature(out);
  const [s1, l1, s2, l2] = ranges as [number, number, number, number];
  const { createHash } = await import('node:crypto');
  const digest = createHash('sha256')
    .update(out.subarray(s1, s1 + l1))
    .update(out.subarray(s2, s2 + l2))
    .digest();
  const cms = await buildPadesCms(t.credentials, digest, undefined);
  const hex = Buffer.from(cms).toString('hex').toUpperCase();
  const width = loc.contents.end - loc.contents.start - 2;
  out.set(Buffer.from(hex.padEnd(width, '0'), 'latin1'), loc.contents.start + 1);
  return out;
}

/** Writes `bytes` to a scratch file for the external validators. */
export function scratchFile(dir: string, name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}
