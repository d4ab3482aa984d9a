// The CMS inside /Contents (ISO 32000-2 12.8.3.3, ETSI EN 319 142-1 6.3): parsed strictly, detached,
// one signer; integrity (messageDigest over the ranges) and signature math are reported separately.

import { errorMessage } from '@openseal/common';
import {
  type Certificate,
  findSignerCertificate,
  OID,
  type ParsedSignedData,
  type ParsedSignerInfo,
  parseSignedData,
  signingCertificateMatches,
  verifySignerInfoSignature,
} from '@openseal/pki';
import { berToDer } from './ber-to-der.ts';
import type { ByteRanges } from './byte-range.ts';
import { digestName, digestRanges } from './digest.ts';
import { sameBytes } from './object-equality.ts';
import type { Problem } from './report.ts';

export interface CmsCheck {
  signedData?: ParsedSignedData;
  signerInfo?: ParsedSignerInfo;
  signerCert?: Certificate;
  intact: boolean;
  valid: boolean;
  problems: Problem[];
  /** Why the signature is not a PAdES baseline signature, in plain words. */
  padesProblems: string[];
}

function tryParse(der: Uint8Array): ParsedSignedData | undefined {
  try {
    return parseSignedData(der);
  } catch {
    return undefined;
  }
}

export const PADES_SUBFILTER = 'ETSI.CAdES.detached';

export function checkSignatureCms(
  contents: Uint8Array,
  bytes: Uint8Array,
  ranges: ByteRanges | undefined,
  subFilter: string,
): CmsCheck {
  const out: CmsCheck = { intact: false, valid: false, problems: [], padesProblems: [] };
  if (subFilter !== PADES_SUBFILTER) {
    out.padesProblems.push(`SubFilter ${subFilter} is not the PAdES baseline SubFilter ${PADES_SUBFILTER}`);
  }
  let sd: ParsedSignedData;
  try {
    sd = parseSignedData(contents);
  } catch (e) {
    const der = berToDer(contents);
    const reparsed = der && tryParse(der);
    if (!reparsed) {
      out.problems.push({
        code: 'CMS_INVALID',
        message: `the signature value is not a valid CMS SignedData: ${errorMessage(e)}`,
      });
      return out;
    }
    sd = reparsed;
    out.padesProblems.push('the CMS is BER-encoded, not DER');
  }
  out.signedData = sd;
  if (sd.eContent !== undefined) {
    out.problems.push({
      code: 'CMS_ENCAPSULATED_CONTENT',
      message: 'encapsulated content where a detached signature is required (ISO 32000-2 12.8.3.3.1)',
    });
  }
  // GM/T 0010 names SignedData and data by its own OIDs; each form's data goes with its own SignedData.
  const gmt0010 = sd.contentInfoType === OID.gmSignedData;
  const dataType = gmt0010 ? OID.gmData : OID.data;
  if (sd.contentType !== dataType) {
    out.problems.push({
      code: 'CMS_CONTENT_TYPE',
      message: `the signed content type is ${sd.contentType}, not ${gmt0010 ? "GM/T 0010's data" : 'id-data'}`,
    });
  }
  if (gmt0010) {
    out.padesProblems.push(
      "the CMS uses GM/T 0010's OIDs (signedData 1.2.156.10197.6.1.4.2.2), not CAdES's id-signedData",
    );
  }
  if (sd.signerInfos.length !== 1) {
    out.problems.push({
      code: 'CMS_SIGNER_COUNT',
      message: `the CMS has ${sd.signerInfos.length} signers; exactly one is required`,
    });
    return out;
  }
  const si = sd.signerInfos[0]!;
  out.signerInfo = si;
  const cert = findSignerCertificate(sd, si);
  out.signerCert = cert;
  if (!cert) {
    out.problems.push({
      code: 'SIGNER_CERT_MISSING',
      message: "the signer's certificate is not in the signature",
    });
  }
  const alg = digestName(si.digestAlgorithmOid);
  if (!alg || !ranges) {
    if (!alg)
      out.problems.push({
        code: 'UNSUPPORTED_ALGORITHM',
        message: `unsupported digest algorithm ${si.digestAlgorithmOid}`,
      });
    return out;
  }
  const digest = digestRanges(bytes, ranges, alg);
  if (si.signedAttrsDer) {
    out.intact = si.messageDigest !== undefined && sameBytes(si.messageDigest, digest);
    if (!out.intact) {
      out.problems.push({
        code: 'DIGEST_MISMATCH',
        message: 'the signed bytes do not match the signed digest: the file was changed after signing',
      });
    }
  } else {
    out.padesProblems.push('no signed attributes (legacy CMS): PAdES requires signed attributes');
  }
  if (!cert) return out;
  if (alg === 'sha1') {
    // Not worth checking: a SHA-1 signature can be forged (chosen-prefix collisions), valid or not.
    out.problems.push({
      code: 'WEAK_ALGORITHM',
      message: "the seal's signature uses SHA-1, which is no longer secure",
    });
    return out;
  }
  try {
    out.valid = verifySignerInfoSignature(si, cert, si.signedAttrsDer ? undefined : digest);
  } catch (e) {
    out.problems.push({
      code: 'UNSUPPORTED_ALGORITHM',
      message: `cannot check the signature: ${errorMessage(e)}`,
    });
    return out;
  }
  if (!si.signedAttrsDer) {
    // Without signed attributes the signature is over the content digest itself: math and integrity are one.
    out.intact = out.valid;
    if (!out.valid)
      out.problems.push({
        code: 'DIGEST_MISMATCH',
        message: 'the signature does not match the signed bytes',
      });
    return out;
  }
  if (!out.valid) {
    out.problems.push({
      code: 'SIGNATURE_INVALID',
      message: "the signature value does not verify with the signer's public key",
    });
  }
  const certMatch = signingCertificateMatches(si, cert);
  if (certMatch === false) {
    out.valid = false;
    out.problems.push({
      code: 'SIGNING_CERT_MISMATCH',
      message: 'the signing-certificate attribute names a different certificate',
    });
  } else if (certMatch === undefined) {
    out.padesProblems.push('no signing-certificate-v2 attribute');
  }
  if (si.signingTime)
    out.padesProblems.push('a signing-time attribute is present; PAdES keeps the claimed time in /M');
  return out;
}
