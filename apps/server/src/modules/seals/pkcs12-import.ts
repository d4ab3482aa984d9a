import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { Certificate } from '@openseal/pki';
import forge from 'node-forge';
import { AppError } from '../../errors.ts';

// RFC 7292 4.2: bag types.
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';

export interface ImportedSealKey {
  privateKey: KeyObject;
  certificate: Certificate;
}

/**
 * Opens a PKCS#12 file (RFC 7292) as exported by OpenSSL 1.x/3.x, Windows or a commercial CA:
 * PBES2/PBKDF2 with AES or the legacy SHA-1 3DES/RC2 schemes, RSA or EC keys. It must hold exactly
 * one private key and the certificate for it; CA certificates beside it are ignored (the chain sent in
 * signatures is the built-in PKI's or, for an outside CA, whatever the verifier trusts). The
 * certificate must be valid at `now` and allow digital signatures. Throws ERR_PKCS12_INVALID or
 * ERR_PKCS12_CERTIFICATE; the password never appears in either.
 */
export function readPkcs12(data: Uint8Array, password: string, now: Date): ImportedSealKey {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(data).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch {
    throw new AppError('ERR_PKCS12_INVALID', 'the file is not a PKCS#12 file, or the password is wrong');
  }
  const bags = (bagType: string) => p12.getBags({ bagType })[bagType] ?? [];
  const keys = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)].map(privateKeyOf);
  if (keys.length !== 1) {
    throw new AppError('ERR_PKCS12_INVALID', `the file holds ${keys.length} private keys, not one`);
  }
  const privateKey = keys[0] as KeyObject;
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const certificate = bags(CERT_BAG)
    .map(certificateOf)
    .find((c) => Buffer.from(c.spkiDer).equals(spki));
  if (!certificate)
    throw new AppError('ERR_PKCS12_INVALID', 'the file holds no certificate for its private key');
  if (!certificate.isValidAt(now)) {
    throw new AppError(
      'ERR_PKCS12_CERTIFICATE',
      `the certificate is valid only until ${certificate.notAfter.toISOString()}`,
    );
  }
  if (
    certificate.keyUsage &&
    !certificate.keyUsage.has('digitalSignature') &&
    !certificate.keyUsage.has('nonRepudiation')
  ) {
    throw new AppError('ERR_PKCS12_CERTIFICATE', 'the certificate does not allow digital signatures');
  }
  return { privateKey, certificate };
}

/** forge parses RSA keys itself and hands other key types (EC) back as PKCS#8 ASN.1. */
function privateKeyOf(bag: forge.pkcs12.Bag): KeyObject {
  const asn1 = bag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key as forge.pki.rsa.PrivateKey))
    : bag.asn1;
  const der = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** forge parses RSA certificates and hands others back as ASN.1; both become our Certificate. */
function certificateOf(bag: forge.pkcs12.Bag): Certificate {
  const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  return Certificate.fromDer(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}
