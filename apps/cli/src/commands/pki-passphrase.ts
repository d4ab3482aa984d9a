import { changePkiPassphrase } from '@openseal/pki';
import { readPassphrase } from '../passphrase.ts';

/**
 * `openseal pki passphrase`: re-encrypts every key of the PKI under a new, strong passphrase. The
 * current one (OPENSEAL_PASSPHRASE) may be weak: replacing it is the point.
 */
export async function pkiPassphrase(opts: { dir: string }): Promise<void> {
  const current = await readPassphrase(process.env, { allowWeak: true });
  const next = await readPassphrase(process.env, { variable: 'OPENSEAL_NEW_PASSPHRASE', confirm: true });
  await changePkiPassphrase(opts.dir, current, next);
  process.stdout.write(
    `the keys in ${opts.dir} are now encrypted with the new passphrase; start with OPENSEAL_PASSPHRASE set to it\n`,
  );
}
