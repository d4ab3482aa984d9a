import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initPki } from '@openseal/pki';
import { readPassphrase } from '../passphrase.ts';
import { pkiServe } from './pki-serve.ts';

/** `npm start`: the platform as far as it exists. Creates the PKI on first start, then serves it. */
export async function serve(opts: { data: string; port: number; host: string }): Promise<void> {
  const dir = join(opts.data, 'pki');
  if (!existsSync(join(dir, 'pki.json'))) {
    const passphrase = await readPassphrase(process.env, { confirm: true });
    await initPki({ dir, passphrase, baseUrl: `http://localhost:${opts.port}/pki` });
    process.stdout.write(`created the built-in PKI in ${dir}; trust anchor: ${join(dir, 'root-ca.pem')}\n`);
  }
  await pkiServe({ dir, port: opts.port, host: opts.host });
}
