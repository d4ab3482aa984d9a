// Sealing files other systems signed first (pyHanko's test files, the Bochum researchers' signed
// documents), read in place from ../shared/corpus: our seal is added as one more incremental
// signature, valid in pdfsig and in our verifier, and every earlier signature stays intact.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/verify.ts';
import { pdfsig, qpdfCheck } from '../support/validators.ts';
import { createTestPki, ROUND_SEAL, type TestPki } from './test-pki.ts';

const corpus = join(import.meta.dirname, '../../../../../shared/corpus');
const genuine = [
  'pdf-pyhanko/minimal-signed-twice-both-created.pdf',
  'pdf-pyhanko/minimal-two-fields-signed-twice.pdf',
  'pdf-pyhanko/pades-lta-dss-indirect-arrs-test.pdf',
  'pdf-pyhanko/pades-with-old-style-signing-cert-attr.pdf',
  'pdf-pyhanko/sig-with-ski-sid.pdf',
  'pdf-shadow-attacks/replace_v1_replace-via-overlay_3_original-document-shadowed-signed.pdf',
];

describe.skipIf(!existsSync(corpus))('sealing already-signed files from other systems', () => {
  let t: TestPki;
  beforeAll(async () => {
    t = await createTestPki();
  });
  afterAll(() => t.close());

  it.each(genuine)('%s', async (name) => {
    const input = new Uint8Array(readFileSync(join(corpus, name)));
    const before = PdfDocument.parse(input, { recover: true }).revisions.length;
    const out = await sign(input, t.credentials, {
      timestamper: t.timestamper,
      seal: ROUND_SEAL,
      placement: { kind: 'page', page: 1, x: 300, y: 300 },
    });
    expect(PdfDocument.parse(out).revisions.length).toBe(before + 1);
    const file = t.save(name.replaceAll('/', '_'), out);
    expect(qpdfCheck(file).ok, qpdfCheck(file).output).toBe(true);

    const poppler = pdfsig(file, t.rootPem).signatures;
    expect(poppler.at(-1)).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });

    const report = await verify(out, { trustAnchors: [t.pki.root.certificate] });
    const ours = report.signatures.at(-1)!;
    expect(ours).toMatchObject({
      intact: true,
      valid: true,
      trusted: true,
      coverage: 'entire-file',
      modifications: 'none',
    });
    for (const earlier of report.signatures.slice(0, -1)) {
      expect(earlier.intact, `${earlier.fieldName} stays intact`).toBe(true);
      expect(['none', 'ltv-data', 'new-signatures']).toContain(earlier.modifications);
    }
  });

  it('refuses to seal a certified document whose DocMDP forbids any change (P=1)', async () => {
    const certified = new Uint8Array(
      readFileSync(join(corpus, 'pdf-pyhanko/certified-with-indirect-refs-in-dir.pdf')),
    );
    await expect(sign(certified, t.credentials, { timestamper: t.timestamper })).rejects.toMatchObject({
      code: 'ERR_SIGN_LOCKED',
    });
  });
});
