export { openPkcs11Signer, type Pkcs11SignerOptions } from './pkcs11-signer.ts';
