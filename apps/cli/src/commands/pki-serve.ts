import { createPkiServer, loadPki } from '@openseal/pki';
import { readPassphrase } from '../passphrase.ts';
import { serverSettings } from '../server-settings.ts';

export async function pkiServe(opts: { dir: string; port?: number; host?: string }): Promise<void> {
  const { port, host } = serverSettings({ PORT: opts.port, HOST: opts.host });
  const pki = await loadPki(opts.dir, await readPassphrase(process.env));
  const server = createPkiServer(pki);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  process.stdout.write(`OpenSeal PKI serving on http://${host}:${port}/pki (tsa, ocsp, crl, ca)\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
