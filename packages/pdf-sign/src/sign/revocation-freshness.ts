// When revocation data for the DSS counts as fresh: ETSI EN 319 102-1 5.2.5.4 / 5.6.2.4 accept an OCSP
// response or CRL for a signature only when it was issued after the signing time the timestamp proves.
// Both carry whole seconds (RFC 5280 5.1.2.4 UTCTime, RFC 6960 GeneralizedTime without fractions), while
// a genTime has milliseconds: a response made 300 ms after a token stamped at 10:00:00.700 reads 10:00:00
// and is older than the token. Hence "issued at or after" is judged on the encoded second.

import { parseCrl, parseOcspResponse } from '@openseal/pki';

const SECOND = 1000;

/** True when data dated `thisUpdate` (as encoded: whole seconds) is no older than `producedAfter`. */
export function isFreshFor(thisUpdate: Date, producedAfter: Date | undefined): boolean {
  if (!producedAfter) return true;
  return Math.floor(thisUpdate.getTime() / SECOND) * SECOND >= producedAfter.getTime();
}

/**
 * The time a source that issues its own revocation data dates it: now, or the first whole second at or
 * after `producedAfter` when that is later (a token stamped 10:00:00.700 gets data dated 10:00:01, at
 * most one second ahead of the clock, inside validators' clock tolerance: pyHanko's is one second).
 * Waiting for that second instead would hold every document of a batch for half a second on average.
 */
export function issueTime(now: Date, producedAfter: Date | undefined): Date {
  if (!producedAfter) return now;
  const next = Math.ceil(producedAfter.getTime() / SECOND) * SECOND;
  return next > now.getTime() ? new Date(next) : now;
}

/** thisUpdate of a DER OCSPResponse (its first SingleResponse) or CRL; undefined if it cannot be read. */
export function revocationThisUpdate(kind: 'ocsp' | 'crl', der: Uint8Array): Date | undefined {
  try {
    return kind === 'crl' ? parseCrl(der).thisUpdate : parseOcspResponse(der).basic?.responses[0]?.thisUpdate;
  } catch {
    return undefined;
  }
}
