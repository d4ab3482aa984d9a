import type { Pki, RevocationStatus } from '../ca/pki.ts';
import type { CaName } from '../ca/pki-state.ts';
import { type ParsedCrl, parseCrl } from '../crl/parse-crl.ts';

/**
 * Revocation status by serial number, read from the CA's current CRL. The Pki answers by certificate,
 * and an OCSP request carries only a serial, so the responder asks the CRL: a serial not on it is
 * 'good' (RFC 6960 2.2 allows this for a CRL-backed responder; it never answers 'unknown').
 */
export function crlRevocationStatus(
  pki: Pki,
  ca: CaName,
  clock: () => Date,
): (serialNumber: bigint) => Promise<RevocationStatus> {
  let cached: { der: Uint8Array; crl: ParsedCrl } | undefined;
  return async (serialNumber) => {
    // pki.crl returns the same bytes until it reissues, so the CRL is parsed once per issue.
    const der = await pki.crl(ca, clock());
    if (cached?.der !== der) cached = { der, crl: parseCrl(der) };
    const entry = cached.crl.revoked.get(serialNumber.toString(16));
    if (!entry) return { status: 'good' };
    return entry.reason
      ? { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason }
      : { status: 'revoked', revokedAt: entry.revokedAt };
  };
}
