import { initPki, isKeyAlgorithm, KEY_ALGORITHMS, loadPki } from '@openseal/pki';
import { CliError } from '../cli-error.ts';
import { readPassphrase } from '../passphrase.ts';

export async function pkiInit(opts: {
  dir: string;
  keyType: string;
  baseUrl?: string;
  force?: boolean;
}): Promise<void> {
  const keyAlgorithm = opts.keyType;
  if (!isKeyAlgorithm(keyAlgorithm))
    throw new CliError(`--key-type must be one of ${KEY_ALGORITHMS.join(', ')}`);
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
