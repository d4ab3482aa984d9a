import { PkiError } from '../errors.ts';
import { DiskPki, type Pki } from './pki.ts';
import { readEntity } from './pki-files.ts';
import { readState } from './pki-state.ts';

/** Loads the PKI written by initPki. ERR_PKI_NOT_FOUND, ERR_KEY_PASSPHRASE, ERR_CERT_INVALID. */
export async function loadPki(dir: string, passphrase: string): Promise<Pki> {
  const state = await readState(dir);
  const [root, issuing, tsa, ocsp, demoSeal] = await Promise.all([
    readEntity(dir, 'root', passphrase),
    readEntity(dir, 'issuing', passphrase),
    readEntity(dir, 'tsa', passphrase),
    readEntity(dir, 'ocsp', passphrase),
    readEntity(dir, 'demoSeal', passphrase),
  ]);
  // The files must still form the chain initPki wrote; a swapped file fails here, not at signing time.
  const chainOk =
    root.certificate.isIssuedBy(root.certificate) &&
    issuing.certificate.isIssuedBy(root.certificate) &&
    [tsa, ocsp, demoSeal].every((e) => e.certificate.isIssuedBy(issuing.certificate));
  if (!chainOk)
    throw new PkiError('ERR_CERT_INVALID', `the certificates in ${dir} do not form the expected chain`);
  return new DiskPki(dir, state, { root, issuing, tsa, ocsp, demoSeal });
}
