import { createHash } from 'node:crypto';
import { OID } from '../asn1/oids.ts';
import { findSignerCertificate, verifySignerInfoSignature } from '../cms/signer-info-verify.ts';
import { signingCertificateMatches } from '../cms/signing-certificate.ts';
import { digestAlgorithmFromOid } from '../keys/key-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import type { ParsedTimestampToken } from './timestamp-token.ts';
import { tsaFailed } from './tsa-error.ts';

/**
 * Checks a parsed token's own integrity and returns the TSA certificate: TSTInfo digest, signature,
 * ESS signing-certificate binding (RFC 3161 2.4.1, RFC 5816) and the TSA certificate's sole critical
 * timeStamping EKU (RFC 3161 2.3). Neither trust in the TSA nor the imprint is judged here.
 * `extraCertificates` are searched when the token does not embed the TSA certificate (certReq false).
 * Throws ERR_TSA_FAILED with the reason.
 */
export function verifyTimestampToken(
  token: ParsedTimestampToken,
  extraCertificates: readonly Certificate[] = [],
): Certificate {
  const sd = token.signedData;
  const si = sd.signerInfos[0]!;
  const cert =
    findSignerCertificate(sd, si) ??
    findSignerCertificate({ ...sd, certificates: [...extraCertificates] }, si);
  if (!cert) throw tsaFailed('the TSA certificate is neither in the token nor supplied');
  const alg = digestAlgorithmFromOid(si.digestAlgorithmOid);
  if (!alg) throw tsaFailed(`unsupported token digest algorithm ${si.digestAlgorithmOid}`);
  if (!si.messageDigest || !createHash(alg).update(sd.eContent!).digest().equals(si.messageDigest)) {
    throw tsaFailed('the token message-digest does not match its TSTInfo');
  }
  if (signingCertificateMatches(si, cert) !== true) {
    throw tsaFailed('the token signing-certificate attribute is missing or names another certificate');
  }
  if (!verifySignerInfoSignature(si, cert)) throw tsaFailed('the token signature does not verify');
  const eku = cert.extKeyUsage;
  if (eku?.length !== 1 || eku[0] !== OID.ekuTimeStamping || !cert.extKeyUsageCritical) {
    throw tsaFailed('the TSA certificate lacks the sole critical timeStamping extended key usage');
  }
  return cert;
}
