// SM2 PDF seals on one core, beside the RSA figures: a B-T seal of the one-page sample (two SM2
// signatures: the seal's and the SM2 TSA's token) and the verification of that file (two SM2
// verifications, plus the chain and the token's TSA chain), with an SM2 hierarchy from the built-in PKI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SealCredentials, type SignOptions, sign, verify } from '@openseal/pdf-sign';
import { createTimestampAuthority, initPki, loadPki } from '@openseal/pki';
import { opsPerSecond, report } from './measure.ts';
import { samplePdf } from './sample-pdfs.ts';

export async function benchSm2Seal(seconds: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-bench-sm2-'));
  try {
    await initPki({ dir, passphrase: 'bench-passphrase', keyAlgorithm: 'sm2' });
    const pki = await loadPki(dir, 'bench-passphrase');
    const chain = [pki.issuing.certificate, pki.root.certificate];
    const credentials: SealCredentials = {
      signer: pki.demoSeal.signer,
      certificate: pki.demoSeal.certificate,
      chain,
    };
    const options: SignOptions = {
      level: 'B-T',
      timestamper: createTimestampAuthority({
        certificate: pki.tsa.certificate,
        signer: pki.tsa.signer,
        chain,
      }),
      seal: { kind: 'round', orgName: '示范大学', sealName: '成绩专用章' },
      placement: { kind: 'page', page: 1, x: 450, y: 150 },
    };
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
