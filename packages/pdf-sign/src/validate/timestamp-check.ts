// RFC 3161 timestamp tokens: the signature timestamp of a CMS signer (ETSI EN 319 122-1 5.3, imprint
// over the SignerInfo signature value) and document timestamps (ISO 32000-2 12.8.5, imprint over the ranges).

import { errorMessage } from '@openseal/common';
import {
  type Certificate,
  type ParsedTimestampToken,
  parseTimestampToken,
  verifyTimestampToken,
} from '@openseal/pki';
import { digestName } from './digest.ts';
import { sameBytes } from './object-equality.ts';
import type { Problem } from './report.ts';

export interface TokenCheck {
  token?: ParsedTimestampToken;
  tsaCert?: Certificate;
  /** The imprint matches the data the token is meant to cover. */
  intact: boolean;
  /** The token's own digest, signature, ESS binding and TSA key usage hold. */
  valid: boolean;
  problems: Problem[];
}

/** `imprint(alg)` gives the digest the token must carry, for the algorithm the token names. */
export function checkTimestampToken(
  der: Uint8Array,
  imprint: (algorithm: string) => Uint8Array,
  extraCertificates: readonly Certificate[],
  codePrefix: 'TIMESTAMP' | 'DOC_TIMESTAMP',
): TokenCheck {
  const out: TokenCheck = { intact: false, valid: false, problems: [] };
  let token: ParsedTimestampToken;
  try {
    token = parseTimestampToken(der);
  } catch (e) {
    out.problems.push({
      code: `${codePrefix}_INVALID`,
      message: `the timestamp token cannot be read: ${errorMessage(e)}`,
    });
    return out;
  }
  out.token = token;
  const alg = digestName(token.messageImprint.digestAlgorithmOid);
  out.intact = alg !== undefined && sameBytes(imprint(alg), token.messageImprint.digest);
  if (!out.intact) {
    out.problems.push({
      code: `${codePrefix}_IMPRINT_MISMATCH`,
      message: 'the timestamp was issued for different data than what it is attached to',
    });
  }
  try {
    out.tsaCert = verifyTimestampToken(token, extraCertificates);
    out.valid = true;
  } catch (e) {
    out.problems.push({
      code: `${codePrefix}_SIGNATURE_INVALID`,
      message: `the timestamp token does not verify: ${errorMessage(e)}`,
    });
  }
  return out;
}
