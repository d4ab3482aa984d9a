import { CRYPTO_MODES, initPki, isCryptoMode, isKeyAlgorithm, KEY_ALGORITHMS, loadPki } from '@openseal/pki';
import { CliError } from '../cli-error.ts';
import { readPassphrase } from '../passphrase.ts';

export async function pkiInit(opts: {
  dir: string;
  keyType: string;
  /** The envelope the keys are written in: standard (PKCS#8, AES) or gm (SM4); default OPENSEAL_CRYPTO_MODE. */
  cryptoMode?: string;
  baseUrl?: string;
  force?: boolean;
}): Promise<void> {
  const keyAlgorithm = opts.keyType;
  if (!isKeyAlgorithm(keyAlgorithm))
    throw new CliError(`--key-type must be one of ${KEY_ALGORITHMS.join(', ')}`);
  const mode = opts.cryptoMode ?? (process.env['OPENSEAL_CRYPTO_MODE'] || 'standard');
  if (!isCryptoMode(mode)) throw new CliError(`--crypto-mode must be one of ${CRYPTO_MODES.join(', ')}`);
  const passphrase = await readPassphrase(process.env, { confirm: true });
  await initPki({ dir: opts.dir, passphrase, keyAlgorithm, baseUrl: opts.baseUrl, force: opts.force, mode });
  const pki = await loadPki(opts.dir, passphrase);
  const envelope = mode === 'gm' ? 'SM4-CBC + HMAC-SM3 envelope, 国密' : 'PKCS#8 encrypted with AES-256-CBC';
  process.stdout.write(
    `PKI created in ${opts.dir} (${keyAlgorithm})\n` +
      `  root CA:   ${opts.dir}/root-ca.pem  sha256 ${pki.root.certificate.fingerprint('sha256')}\n` +
      `  demo seal: ${pki.demoSeal.certificate.commonName ?? ''}\n` +
      `  keys are encrypted with your passphrase (${mode} mode: ${envelope}); keep it safe, it is not stored.\n`,
  );
}
