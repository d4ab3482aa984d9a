// Placeholder sizing and refusals: typed errors a caller can branch on.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createTimestampAuthority } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/sign/sign.ts';
import { pdfsig } from '../support/validators.ts';
import { createTestPki, fixture, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

describe('placeholder size', () => {
  it('an explicit contentsSize too small for the CMS: ERR_SIGN_CONTENTS_TOO_SMALL', async () => {
    await expect(
      sign(fixture('mupdf.pdf'), t.credentials, { timestamper: t.timestamper, contentsSize: 2000 }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_CONTENTS_TOO_SMALL' });
  });

  it('a token larger than the default estimate: signed again with a placeholder that fits', async () => {
    // A TSA that embeds its issuing CA ten times over: a token far beyond the estimate.
    const bulky = createTimestampAuthority({
      certificate: t.pki.tsa.certificate,
      signer: t.pki.tsa.signer,
      chain: Array.from({ length: 10 }, () => t.pki.issuing.certificate),
    });
    const out = await sign(fixture('mupdf.pdf'), t.credentials, { timestamper: bulky });
    const { signatures, output } = pdfsig(t.save('bulky-token.pdf', out), t.rootPem);
    expect(signatures[0], output).toMatchObject({ valid: true, trusted: true, totalDocumentSigned: true });
  });
});

describe('refusals', () => {
  it('an encrypted PDF: ERR_PDF_ENCRYPTED from the core', async () => {
    const plain = t.save('plain.pdf', fixture('mupdf.pdf'));
    const encrypted = `${plain}.encrypted.pdf`;
    const res = spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', plain, encrypted]);
    expect(res.status).toBe(0);
    await expect(
      sign(new Uint8Array(readFileSync(encrypted)), t.credentials, { timestamper: t.timestamper }),
    ).rejects.toMatchObject({ code: 'ERR_PDF_ENCRYPTED' });
  });

  it('bad options: ERR_SIGN_OPTIONS', async () => {
    const pdf = fixture('mupdf.pdf');
    for (const bad of [
      { level: 'B-X' as never, timestamper: t.timestamper },
      { timestamper: t.timestamper, certify: 4 as never },
      { timestamper: t.timestamper, fieldName: 'a.b' },
      { timestamper: t.timestamper, contentsSize: -1 },
    ]) {
      await expect(sign(pdf, t.credentials, bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: 'ERR_SIGN_OPTIONS',
      });
    }
  });
});
