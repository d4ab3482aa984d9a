import type { KeyObject } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { bitString, explicit, integer, sequence, time } from '../asn1/der.ts';
import { PkiError } from '../errors.ts';
import type { Signer } from '../keys/signer.ts';
import { Certificate } from './certificate.ts';
import { type CertificateProfile, isCaProfile, profileExtensions } from './certificate-profiles.ts';
import { keyIdentifier, spkiPublicKeyBits } from './key-identifier.ts';
import { type DistinguishedName, encodeName } from './name.ts';

export type { CertificateProfile } from './certificate-profiles.ts';

export interface CertificateRequest {
  profile: CertificateProfile;
  subject: DistinguishedName;
  subjectPublicKey: KeyObject;
  /** Absent = self-signed, and then `selfSigner` is required. */
  issuer?: { certificate: Certificate; signer: Signer };
  selfSigner?: Signer;
  /** Default: 16 random bytes, positive (RFC 5280 4.1.2.2 allows up to 20 octets). */
  serialNumber?: bigint;
  notBefore: Date;
  notAfter: Date;
  ocspUrl?: string;
  crlUrl?: string;
  caIssuersUrl?: string;
  /** person profile: subjectAltName rfc822Name. */
  email?: string;
  /** seal and person profiles: certificatePolicies identifiers. */
  policies?: readonly string[];
}

function invalid(message: string): PkiError {
  return new PkiError('ERR_CERT_INVALID', message);
}

function randomSerial(): bigint {
  const bytes = randomBytes(16);
  // Top bit clear keeps the INTEGER positive; the next bit set keeps it 16 octets and non-zero.
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** Checks that `issuer` may sign a certificate of `profile` (RFC 5280 4.2.1.3, 4.2.1.9). */
function checkIssuer(issuer: Certificate, profile: CertificateProfile): void {
  const bc = issuer.basicConstraints;
  if (!bc?.ca) throw invalid('issuer certificate is not a CA (basicConstraints cA is not set)');
  if (issuer.keyUsage && !issuer.keyUsage.has('keyCertSign'))
    throw invalid('issuer key usage lacks keyCertSign');
  if (isCaProfile(profile) && bc.pathLength === 0)
    throw invalid('issuer pathLenConstraint 0 forbids CA certificates');
}

/** Builds, signs and re-parses a v3 certificate; the signature is checked against the issuer key. */
export async function issueCertificate(req: CertificateRequest): Promise<Certificate> {
  if (req.notAfter.getTime() <= req.notBefore.getTime())
    throw invalid('notAfter must be later than notBefore');
  const serial = req.serialNumber ?? randomSerial();
  if (serial <= 0n) throw invalid('serial number must be positive (RFC 5280 4.1.2.2)');
  if (req.issuer) {
    if (req.profile === 'root-ca') throw invalid('a root CA certificate must be self-signed');
    checkIssuer(req.issuer.certificate, req.profile);
  } else if (!req.selfSigner) {
    throw invalid('a self-signed certificate needs selfSigner');
  }
  const signer = req.issuer?.signer ?? req.selfSigner!;

  const spkiDer = new Uint8Array(req.subjectPublicKey.export({ type: 'spki', format: 'der' }));
  const subjectKeyId = keyIdentifier(spkiPublicKeyBits(spkiDer));
  const subjectName = encodeName(req.subject);
  const issuerCert = req.issuer?.certificate;
  const extensions = profileExtensions(req.profile, {
    subjectKeyId,
    authorityKeyId: issuerCert
      ? (issuerCert.subjectKeyId ?? keyIdentifier(issuerCert.publicKeyBitString))
      : undefined,
    ocspUrl: req.ocspUrl,
    crlUrl: req.crlUrl,
    caIssuersUrl: req.caIssuersUrl,
    email: req.email,
    policies: req.policies,
  });

  // RFC 5280 4.1: TBSCertificate of a v3 certificate; validity as UTCTime until 2049 (4.1.2.5).
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    signer.signatureAlgorithm,
    issuerCert ? issuerCert.subjectDer : subjectName,
    sequence(time(req.notBefore), time(req.notAfter)),
    subjectName,
    spkiDer,
    explicit(3, sequence(...extensions)),
  );
  const signature = await signer.sign(tbs);
  const cert = Certificate.fromDer(sequence(tbs, signer.signatureAlgorithm, bitString(signature)));
  // A signer that does not hold the issuer's key would produce a certificate nobody can verify.
  if (!cert.isIssuedBy(issuerCert ?? cert))
    throw invalid('signature does not verify with the issuer public key');
  return cert;
}
