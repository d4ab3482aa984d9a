import { initPki, type KeyAlgorithm, loadPki } from '@openseal/pki';
import { CliError } from '../cli-error.ts';
import { readPassphrase } from '../passphrase.ts';

const keyAlgorithms: readonly KeyAlgorithm[] = ['rsa-2048', 'rsa-3072', 'ecdsa-p256'];

export async function pkiInit(opts: {
  dir: string;
  keyType: string;
  baseUrl?: string;
  force?: boolean;
}): Promise<void> {
  const keyAlgorithm = keyAlgorithms.find((k) => k === opts.keyType);
  if (!keyAlgorithm) throw new CliError(`--key-type must be one of ${keyAlgorithms.join(', ')}`);
  const passphrase = await readPassphrase(process.env, { confirm: true });
  await initPki({ dir: opts.dir, passphrase, keyAlgorithm, baseUrl: opts.baseUrl, force: opts.force });
  const pki = await loadPki(opts.dir, passphrase);
  process.stdout.write(
    `PKI created in ${opts.dir} (${keyAlgorithm})\n` +
      `  root CA:   ${opts.dir}/root-ca.pem  sha256 ${pki.root.certificate.fingerprint('sha256')}\n` +
      `  demo seal: ${pki.demoSeal.certificate.commonName ?? ''}\n` +
      '  keys are encrypted with your passphrase (PKCS#8); keep it safe, it is not stored.\n',
  );
}
