import { Certificate, type Pki } from '@openseal/pki';

/**
 * A seal's certificate and the chain that goes with it into the signature: the issuing CA and root of
 * whichever built-in hierarchy issued it (RSA/ECDSA or SM2); none for an imported one, whose verifier
 * brings its CA.
 */
export function sealCertificates(
  pkis: readonly Pick<Pki, 'issuing' | 'root'>[],
  der: Uint8Array,
): { certificate: Certificate; chain: Certificate[] } {
  const certificate = Certificate.fromDer(der);
  const pki = pkis.find((p) => certificate.isIssuedBy(p.issuing.certificate));
  return { certificate, chain: pki ? [pki.issuing.certificate, pki.root.certificate] : [] };
}
