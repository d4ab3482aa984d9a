// Where B-LT revocation data comes from: the built-in PKI in-process, or the URLs named in the
// certificates (AIA OCSP, CRL distribution points) over plain HTTP.

import {
  type Certificate,
  checkOcspResponse,
  createOcspResponder,
  fetchOcsp,
  type Pki,
  parseCrl,
  parseOcspResponse,
} from '@openseal/pki';
import { isFreshFor, issueTime } from './revocation-freshness.ts';
import type { RevocationSource } from './sign-options.ts';

/** Without nextUpdate a response is reused this long. */
const DEFAULT_REUSE_MS = 5 * 60_000;
const MAX_CRL_BYTES = 16 << 20;

/**
 * OCSP responses signed by the PKI's delegated responder (for what its issuing CA issued) and the CAs'
 * CRLs, dated at or after the time the caller's timestamp proves (revocation-freshness.ts). A response
 * is reused while it is that fresh and until half its validity has passed: a batch signs about one
 * per certificate per second, not one per document.
 */
export function pkiRevocationSource(pki: Pki, opts?: { clock?: () => Date }): RevocationSource {
  const clock = opts?.clock ?? (() => new Date());
  const cache = new Map<string, { der: Promise<Uint8Array>; thisUpdate: Date; refreshAt: number }>();

  const responseAt = (cert: Certificate, issuer: Certificate, at: Date): Promise<Uint8Array> =>
    createOcspResponder({
      issuer,
      responder: { certificate: pki.ocsp.certificate, signer: pki.ocsp.signer },
      status: (serial) => (serial === cert.serialNumber ? pki.revocationStatus(cert) : { status: 'unknown' }),
      clock: () => at,
    }).responseFor(cert);

  return {
    async ocsp(cert, issuer, producedAfter) {
      // RFC 6960 4.2.2.2: a delegated responder answers only for the CA that issued its certificate.
      if (!pki.ocsp.certificate.isIssuedBy(issuer)) return undefined;
      const key = `${issuer.fingerprint()}:${cert.serialHex}`;
      const now = clock();
      const hit = cache.get(key);
      if (hit && now.getTime() < hit.refreshAt && isFreshFor(hit.thisUpdate, producedAfter)) return hit.der;
      const at = issueTime(now, producedAfter);
      const der = responseAt(cert, issuer, at);
      const entry = { der, thisUpdate: at, refreshAt: Number.POSITIVE_INFINITY };
      cache.set(key, entry);
      try {
        const { thisUpdate, nextUpdate } = checkOcspResponse(parseOcspResponse(await der), cert, issuer);
        entry.refreshAt = nextUpdate
          ? thisUpdate.getTime() + (nextUpdate.getTime() - thisUpdate.getTime()) / 2
          : now.getTime() + DEFAULT_REUSE_MS;
      } catch (e) {
        if (cache.get(key) === entry) cache.delete(key);
        throw e;
      }
      return der;
    },
    async crl(_cert, issuer, producedAfter) {
      // pki.crl caches each CA's CRL until half its validity has passed, or until it is not fresh enough.
      const at = issueTime(clock(), producedAfter);
      if (issuer.fingerprint() === pki.root.certificate.fingerprint())
        return pki.crl('root', at, producedAfter);
      if (issuer.fingerprint() === pki.issuing.certificate.fingerprint())
        return pki.crl('issuing', at, producedAfter);
      return undefined;
    },
  };
}

/**
 * OCSP from the certificate's AIA responder and CRLs from its distribution points, http: URLs only
 * (https would need the very trust decisions this data is meant to support). Unreachable or invalid
 * answers give undefined, so the DSS simply lacks that entry.
 */
export function httpRevocationSource(opts?: { timeoutMs?: number }): RevocationSource {
  const timeoutMs = opts?.timeoutMs ?? 10_000;
  return {
    async ocsp(cert, issuer) {
      const url = cert.ocspUrls.find((u) => u.startsWith('http://'));
      if (!url) return undefined;
      try {
        return await fetchOcsp(cert, issuer, { url, timeoutMs });
      } catch {
        return undefined;
      }
    },
    async crl(cert, issuer) {
      for (const url of cert.crlUrls) {
        if (!url.startsWith('http://')) continue;
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
          if (res.status !== 200) {
            await res.body?.cancel();
            continue;
          }
          const der = new Uint8Array(await res.arrayBuffer());
          if (der.length <= MAX_CRL_BYTES && parseCrl(der).isSignedBy(issuer)) return der;
        } catch {
          // Try the next distribution point.
        }
      }
      return undefined;
    },
  };
}
