import { Certificate, type Pki } from '@openseal/pki';

/** Parsed certificates kept, by DER: a server stamps with a few seals over and over. */
const KEPT = 1000;
const parsed = new Map<string, Certificate>();
/** Whether a kept certificate was issued by a CA certificate: one signature check each. */
const issuedBy = new WeakMap<Certificate, WeakMap<Certificate, boolean>>();

function certificateOf(der: Uint8Array): Certificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let certificate = parsed.get(key);
  if (certificate) {
    parsed.delete(key);
  } else {
    certificate = Certificate.fromDer(der);
    if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value as string);
  }
  parsed.set(key, certificate);
  return certificate;
}

function isIssuedBy(certificate: Certificate, ca: Certificate): boolean {
  let checked = issuedBy.get(certificate);
  if (!checked) {
    checked = new WeakMap();
    issuedBy.set(certificate, checked);
  }
  let answer = checked.get(ca);
  if (answer === undefined) {
    answer = certificate.isIssuedBy(ca);
    checked.set(ca, answer);
  }
  return answer;
}

/**
 * A seal's certificate and the chain that goes with it into the signature: the issuing CA and root of
 * whichever built-in hierarchy issued it (RSA/ECDSA or SM2); none for an imported one, whose verifier
 * brings its CA. The parsed certificate and the issuer check are kept for the next stamp.
 */
export function sealCertificates(
  pkis: readonly Pick<Pki, 'issuing' | 'root'>[],
  der: Uint8Array,
): { certificate: Certificate; chain: Certificate[] } {
  const certificate = certificateOf(der);
  const pki = pkis.find((p) => isIssuedBy(certificate, p.issuing.certificate));
  return { certificate, chain: pki ? [pki.issuing.certificate, pki.root.certificate] : [] };
}
