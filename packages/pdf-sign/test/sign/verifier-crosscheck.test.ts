// Our output judged by the project's own verifier (src/validate), independent code from the signer.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../src/sign/sign.ts';
import { verify } from '../../src/validate/index.ts';
import { createTestPki, fixture, ROUND_SEAL, type TestPki } from './test-pki.ts';

let t: TestPki;
beforeAll(async () => {
  t = await createTestPki();
});
afterAll(() => t.close());

describe('src/validate agrees with the signer', () => {
  it.each(['B-B', 'B-T', 'B-LT', 'B-LTA'] as const)(
    '%s: authentic, conformant at that level',
    async (level) => {
      const out = await sign(fixture('chromium-print.pdf'), t.credentials, {
        level,
        timestamper: t.timestamper,
        revocation: t.revocation,
        seal: ROUND_SEAL,
        placement: { kind: 'keyword', keyword: '盖章处' },
      });
      const report = await verify(out, { trustAnchors: [t.pki.root.certificate] });
      expect(report.verdict, JSON.stringify(report.signatures)).toBe('authentic');
      const sig = report.signatures[0]!;
      expect(sig.pades).toMatchObject({ conformant: true, level });
      if (level === 'B-LT' || level === 'B-LTA')
        expect(sig.revocation).toMatchObject({ status: 'good', source: 'dss' });
      if (level === 'B-LTA')
        expect(report.signatures[1]).toMatchObject({ kind: 'document-timestamp', trusted: true });
    },
  );
});
