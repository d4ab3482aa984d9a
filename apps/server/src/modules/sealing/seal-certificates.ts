import { Certificate, type Pki } from '@openseal/pki';

/**
 * A seal's certificate and the chain that goes with it into the signature: the built-in PKI's own
 * (issuing CA, root) for a certificate it issued; none for an imported one, whose verifier brings its CA.
 */
export function sealCertificates(
  pki: Pick<Pki, 'issuing' | 'root'>,
  der: Uint8Array,
): { certificate: Certificate; chain: Certificate[] } {
  const certificate = Certificate.fromDer(der);
  const chain = certificate.isIssuedBy(pki.issuing.certificate)
    ? [pki.issuing.certificate, pki.root.certificate]
    : [];
  return { certificate, chain };
}
