export { destroyTokenKey, generateTokenKeyPair, type Pkcs11Token } from './pkcs11-keys.ts';
export { openPkcs11Signer, type Pkcs11SignerOptions } from './pkcs11-signer.ts';
