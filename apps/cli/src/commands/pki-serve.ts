import { createPkiServer, loadPki } from '@openseal/pki';
import { readPassphrase } from '../passphrase.ts';

export async function pkiServe(opts: { dir: string; port: number; host: string }): Promise<void> {
  const pki = await loadPki(opts.dir, await readPassphrase(process.env));
  const server = createPkiServer(pki);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  process.stdout.write(`OpenSeal PKI serving on http://${opts.host}:${opts.port}/pki (tsa, ocsp, crl, ca)\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
