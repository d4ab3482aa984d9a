// Input that cannot be read at all: a VerifyError with a stable code, quickly and in bounded memory.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicPdf, MINIMAL_OBJECTS } from '../../src/core/test-fixtures.ts';
import { sign } from '../../src/sign/sign.ts';
import { VerifyError, verify } from '../../src/validate/index.ts';
import { formPdf, makeTestPki, type TestPki } from './forgery-kit.ts';

let t: TestPki;
let signed: Uint8Array;
beforeAll(async () => {
  t = await makeTestPki();
  signed = await sign(formPdf(), t.credentials, { level: 'B-T', timestamper: t.timestamper, clock: t.clock });
}, 60_000);
afterAll(() => rmSync(t.dir, { recursive: true, force: true }));

async function refused(pdf: Uint8Array, code: string): Promise<void> {
  const started = performance.now();
  const err = await verify(pdf, { trustAnchors: t.anchors }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(performance.now() - started).toBeLessThan(2000);
  expect(err).toBeInstanceOf(VerifyError);
  expect((err as VerifyError).code).toBe(code);
  expect((err as VerifyError).message.length).toBeGreaterThan(10);
}

describe('verify() refuses unreadable input', () => {
  it('a truncated file', () =>
    refused(signed.subarray(0, Math.floor(signed.length / 2)), 'ERR_PDF_MALFORMED'));

  it('a file that is not a PDF', () =>
    refused(
      new Uint8Array(Buffer.from('\x89PNG\r\n\x1a\n not a pdf at all', 'latin1')),
      'ERR_PDF_MALFORMED',
    ));

  it('an empty input', () => refused(new Uint8Array(0), 'ERR_PDF_MALFORMED'));

  it('an encrypted file', () =>
    refused(
      classicPdf(
        { ...MINIMAL_OBJECTS, 5: '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>' },
        '/Encrypt 5 0 R',
      ).bytes,
      'ERR_PDF_ENCRYPTED',
    ));

  it('500 MB, refused by size before parsing', () =>
    refused(new Uint8Array(500 * 1024 * 1024), 'ERR_PDF_TOO_LARGE'));

  it('a catalog nested 100,000 arrays deep', () =>
    refused(
      classicPdf({
        ...MINIMAL_OBJECTS,
        1: `<< /Type /Catalog /Pages 2 0 R /X ${'['.repeat(100_000)}${']'.repeat(100_000)} >>`,
      }).bytes,
      'ERR_PDF_TOO_COMPLEX',
    ));

  it('a page tree that contains itself', () =>
    refused(
      classicPdf({ ...MINIMAL_OBJECTS, 2: '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>' }).bytes,
      'ERR_PDF_MALFORMED',
    ));

  it('a form field tree that contains itself', () =>
    refused(
      classicPdf({
        ...MINIMAL_OBJECTS,
        1: '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] >> >>',
        5: '<< /FT /Sig /T (a) /Kids [5 0 R] >>',
      }).bytes,
      'ERR_PDF_MALFORMED',
    ));

  it('references that loop (6 → 7 → 6)', () =>
    refused(
      classicPdf({ ...MINIMAL_OBJECTS, 1: '<< /Type /Catalog /Pages 6 0 R >>', 6: '7 0 R', 7: '6 0 R' })
        .bytes,
      'ERR_PDF_MALFORMED',
    ));

  it('options without trust anchors', async () => {
    const err = await verify(signed, undefined as never).catch((e) => e);
    expect(err).toBeInstanceOf(VerifyError);
    expect(err.code).toBe('ERR_VERIFY_OPTIONS');
  });

  it('an unsigned but readable file gets a report, not an error', async () => {
    const r = await verify(formPdf(), { trustAnchors: t.anchors });
    expect(r.verdict).toBe('unsigned');
    expect(r.authenticAndUnmodified).toBe(false);
    expect(r.summary.zh).toMatch(/没有数字签章/);
  });
});
