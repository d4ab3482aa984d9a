// The sealing benches' common set-up: a fresh built-in PKI of one key type, its demo seal as the
// signer, and B-T options with a round seal on page 1 (the figures the README and notes quote).
import type { SealCredentials, SignOptions } from '@openseal/pdf-sign';
import { createTimestampAuthority, initPki, type KeyAlgorithm, loadPki, type Pki } from '@openseal/pki';

export interface SealSetup {
  pki: Pki;
  credentials: SealCredentials;
  options: SignOptions;
}

export async function sealSetup(dir: string, keyAlgorithm: KeyAlgorithm): Promise<SealSetup> {
  await initPki({ dir, passphrase: 'bench-passphrase', keyAlgorithm });
  const pki = await loadPki(dir, 'bench-passphrase');
  const chain = [pki.issuing.certificate, pki.root.certificate];
  return {
    pki,
    credentials: { signer: pki.demoSeal.signer, certificate: pki.demoSeal.certificate, chain },
    options: {
      level: 'B-T',
      timestamper: createTimestampAuthority({
        certificate: pki.tsa.certificate,
        signer: pki.tsa.signer,
        chain,
      }),
      seal: { kind: 'round', orgName: '示范大学', sealName: '成绩专用章' },
      placement: { kind: 'page', page: 1, x: 450, y: 150 },
    },
  };
}
