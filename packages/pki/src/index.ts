// Public API of @openseal/pki: keys, certificates, CRL, OCSP, RFC 3161 timestamps, CMS, the
// built-in PKI on disk, its HTTP server, and PKCS#11 keys.

export * from './asn1/der.ts';
export { OID } from './asn1/oids.ts';
export * from './ca/index.ts';
export * from './cms/index.ts';
export * from './crl/index.ts';
export * from './errors.ts';
export * from './http/index.ts';
export * from './keys/crypto-mode.ts';
export * from './keys/ecdsa-signature.ts';
export * from './keys/encrypted-key.ts';
export * from './keys/key-algorithm.ts';
export * from './keys/passphrase-kdf.ts';
export * from './keys/passphrase-policy.ts';
export * from './keys/signature-algorithm.ts';
export * from './keys/signer.ts';
export * from './keys/sm2.ts';
export * from './keys/sm4-box.ts';
export * from './ocsp/index.ts';
export * from './pkcs11/index.ts';
export * from './tsa/index.ts';
export * from './x509/certificate.ts';
export * from './x509/certificate-builder.ts';
export * from './x509/certification-request.ts';
export * from './x509/name.ts';
