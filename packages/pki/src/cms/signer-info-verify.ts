import { constants, publicDecrypt } from 'node:crypto';
import { compareBytes, nullValue, octetString, oid, sequence } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { digestAlgorithmFromOid } from '../keys/key-algorithm.ts';
import { verifySignature } from '../keys/signature-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import type { ParsedSignedData, ParsedSignerInfo } from './signed-data-parser.ts';

/** The embedded certificate the SignerInfo's sid names (RFC 5652 5.3), if any. */
export function findSignerCertificate(sd: ParsedSignedData, si: ParsedSignerInfo): Certificate | undefined {
  const sid = si.sid;
  if ('subjectKeyId' in sid) {
    return sd.certificates.find(
      (c) => c.subjectKeyId && compareBytes(c.subjectKeyId, sid.subjectKeyId) === 0,
    );
  }
  return sd.certificates.find(
    (c) => c.serialNumber === sid.serialNumber && compareBytes(c.issuerDer, sid.issuerDer) === 0,
  );
}

const RSA_SIGNATURE_OIDS: ReadonlySet<string> = new Set([
  OID.rsaEncryption,
  OID.sha256WithRSAEncryption,
  OID.sha384WithRSAEncryption,
  OID.sha512WithRSAEncryption,
]);

/**
 * Signature math only: checks the SignerInfo signature with `cert`'s key, over the signed attributes
 * or, for a SignerInfo without them, over `contentDigestIfNoAttrs` (RFC 5652 5.4). No trust, no time.
 * Throws ERR_KEY_UNSUPPORTED for an algorithm it cannot check.
 */
export function verifySignerInfoSignature(
  si: ParsedSignerInfo,
  cert: Certificate,
  contentDigestIfNoAttrs?: Uint8Array,
): boolean {
  const digest = digestAlgorithmFromOid(si.digestAlgorithmOid);
  if (si.signedAttrsDer) {
    return verifySignature(si.signatureAlgorithmOid, cert.publicKey, si.signedAttrsDer, si.signature, digest);
  }
  if (!contentDigestIfNoAttrs) return false;
  // Legacy SignerInfo: the signature covers the content digest directly. Node verifies a precomputed
  // digest only through the raw RSA operation, so ECDSA here is refused rather than guessed.
  if (!digest || !RSA_SIGNATURE_OIDS.has(si.signatureAlgorithmOid)) {
    throw new PkiError(
      'ERR_KEY_UNSUPPORTED',
      `SignerInfo without signed attributes: ${si.signatureAlgorithmOid} over a digest is not supported`,
    );
  }
  if (cert.keyType !== 'rsa') return false;
  let digestInfo: Buffer;
  try {
    digestInfo = publicDecrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING }, si.signature);
  } catch {
    return false;
  }
  // RFC 8017 9.2: DigestInfo with NULL parameters; some old signers omitted them.
  const withNull = sequence(sequence(oid(OID[digest]), nullValue()), octetString(contentDigestIfNoAttrs));
  const absent = sequence(sequence(oid(OID[digest])), octetString(contentDigestIfNoAttrs));
  return compareBytes(digestInfo, withNull) === 0 || compareBytes(digestInfo, absent) === 0;
}
