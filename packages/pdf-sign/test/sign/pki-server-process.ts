// Serves a test PKI over HTTP from its own process (run with `node --import tsx`): pdfsig asks the
// OCSP responder named in the certificates, and it runs while the test process is blocked in spawnSync.

import { createPkiServer, loadPki } from '@openseal/pki';

const [dir, port] = process.argv.slice(2);
const pki = await loadPki(dir!, 'test');
createPkiServer(pki).listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
