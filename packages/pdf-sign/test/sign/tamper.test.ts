// What happens to a seal when the file changes after signing, judged by poppler.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocument } from '../../src/core/document.ts';
import { IncrementalWriter } from '../../src/core/incremental-writer.ts';
import { PdfDict } from '../../src/core/objects.ts';
import { flateStream } from '../../src/core/stream-builders.ts';
import { sign } from '../../src/sign/sign.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
let signed: Uint8Array;
beforeAll(async () => {
  t = await createTestPki();
  signed = await sign(fixture('chromium-print.pdf'), t.credentials, {
    timestamper: t.timestamper,
    seal: ROUND_SEAL,
    placement: { kind: 'keyword', keyword: '盖章处' },
  });
});
afterAll(() => t.close());

describe('tampering', () => {
  it('the untouched file is valid and totally signed', () => {
    const { signatures, output } = pdfsig(t.save('untouched.pdf', signed), t.rootPem);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
  });

  it('one byte changed inside the signed range: the signature is no longer valid', () => {
    const bad = new Uint8Array(signed);
    // A byte of the original document's first object, well inside the first range.
    const at = Buffer.from(bad).indexOf('Producer', 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    bad[at] = 'p'.charCodeAt(0);
    const { signatures, output } = pdfsig(t.save('one-byte.pdf', bad), t.rootPem);
    expect(signatures[0]?.valid, output).toBe(false);
    expect(signatures[0]?.validation, output).toMatch(/Digest Mismatch|not valid|Invalid/i);
  });

  it('a later revision replacing the page content: valid but no longer "Total document signed"', () => {
    const doc = PdfDocument.parse(signed);
    const page = doc.pages()[0]!;
    const w = new IncrementalWriter(doc);
    const forged = flateStream(new PdfDict(), Buffer.from('BT /F4 24 Tf 72 400 Td (FORGED) Tj ET'));
    w.set(page.ref, new PdfDict(page.dict.map).set('Contents', w.add(forged)));
    const { signatures, output } = pdfsig(t.save('replaced-content.pdf', w.finish().bytes), t.rootPem);
    expect(signatures[0], output).toMatchObject({ valid: true, totalDocumentSigned: false });
  });
});
