// SM2 PDF seals on one core, beside the RSA figures: a B-T seal of the one-page sample (two SM2
// signatures: the seal's and the SM2 TSA's token) and the verification of that file (two SM2
// verifications, plus the chain and the token's TSA chain), with an SM2 hierarchy from the built-in PKI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign, verify } from '@openseal/pdf-sign';
import { opsPerSecond, report } from './measure.ts';
import { samplePdf } from './sample-pdfs.ts';
import { sealSetup } from './seal-setup.ts';

export async function benchSm2Seal(seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-bench-sm2-'));
  try {
    const { pki, credentials, options } = await sealSetup(dir, 'sm2');
    const onePage = await samplePdf(1);
    const seals = await opsPerSecond(() => sign(onePage, credentials, options), { seconds });
    report('seal B-T 1-page sm2', seals, 'seals/s');

    const signed = await sign(onePage, credentials, options);
    const trustAnchors = [pki.root.certificate];
    const check = async () => {
      const r = await verify(signed, { trustAnchors });
      if (r.verdict !== 'authentic')
        throw new Error(`the SM2 seal verifies as ${r.verdict}: ${r.summary.en}`);
    };
    report('verify B-T 1-page sm2', await opsPerSecond(check, { seconds }), 'docs/s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
