// Extensions per profile (RFC 5280 4.2). Chosen for poppler/NSS, Adobe Reader and OpenSSL; the why of
// each choice is next to it.

import type { Der } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import {
  authorityInfoAccessExtension,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  certificatePoliciesExtension,
  crlDistributionPointsExtension,
  extKeyUsageExtension,
  keyUsageExtension,
  ocspNoCheckExtension,
  subjectAltEmailExtension,
  subjectKeyIdExtension,
} from './extension-encoders.ts';

export type CertificateProfile = 'root-ca' | 'issuing-ca' | 'tsa' | 'ocsp' | 'seal' | 'person';

export interface ProfileInputs {
  readonly subjectKeyId: Uint8Array;
  /** Absent for self-signed certificates (4.2.1.1 allows omitting AKI there). */
  readonly authorityKeyId?: Uint8Array;
  readonly ocspUrl?: string;
  readonly crlUrl?: string;
  readonly caIssuersUrl?: string;
  readonly email?: string;
  /** certificatePolicies identifiers (seal and person profiles). */
  readonly policies?: readonly string[];
}

/** True for profiles that issue certificates themselves. */
export function isCaProfile(profile: CertificateProfile): boolean {
  switch (profile) {
    case 'root-ca':
    case 'issuing-ca':
      return true;
    case 'tsa':
    case 'ocsp':
    case 'seal':
    case 'person':
      return false;
  }
}

export function profileExtensions(profile: CertificateProfile, p: ProfileInputs): Der[] {
  const ski = subjectKeyIdExtension(p.subjectKeyId);
  const aki = p.authorityKeyId ? [authorityKeyIdExtension(p.authorityKeyId)] : [];
  const crlDp = p.crlUrl ? [crlDistributionPointsExtension(p.crlUrl)] : [];
  const aia = p.ocspUrl || p.caIssuersUrl ? [authorityInfoAccessExtension(p.ocspUrl, p.caIssuersUrl)] : [];
  switch (profile) {
    case 'root-ca':
      return [basicConstraintsExtension(true), keyUsageExtension(['keyCertSign', 'cRLSign']), ski, ...aki];
    case 'issuing-ca':
      // pathLen 0: the issuing CA signs end-entity certificates only.
      return [
        basicConstraintsExtension(true, 0),
        keyUsageExtension(['keyCertSign', 'cRLSign']),
        ski,
        ...aki,
        ...crlDp,
        ...aia,
      ];
    case 'tsa':
      // RFC 3161 2.3: the TSA certificate has exactly one EKU, timeStamping, and it MUST be critical.
      return [
        keyUsageExtension(['digitalSignature', 'nonRepudiation']),
        extKeyUsageExtension([OID.ekuTimeStamping], true),
        ski,
        ...aki,
        ...crlDp,
        ...aia,
      ];
    case 'ocsp':
      // RFC 6960 4.2.2.2: delegated responder needs id-kp-OCSPSigning; nocheck spares clients a
      // revocation check of the responder itself (4.2.2.2.1).
      return [
        keyUsageExtension(['digitalSignature']),
        extKeyUsageExtension([OID.ekuOcspSigning], false),
        ocspNoCheckExtension(),
        ski,
        ...aki,
      ];
    case 'seal':
    case 'person':
      // No extKeyUsage: NSS rejects signer certificates whose EKU lacks emailProtection, and Adobe
      // accepts a certificate without EKU for document signing.
      return [
        keyUsageExtension(['digitalSignature', 'nonRepudiation']),
        ski,
        ...aki,
        ...crlDp,
        ...aia,
        ...(profile === 'person' && p.email ? [subjectAltEmailExtension(p.email)] : []),
        ...(p.policies?.length ? [certificatePoliciesExtension(p.policies)] : []),
      ];
  }
}
