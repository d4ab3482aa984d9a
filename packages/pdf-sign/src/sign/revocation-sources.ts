// Where B-LT revocation data comes from: the built-in PKI in-process, or the URLs named in the
// certificates (AIA OCSP, CRL distribution points) over plain HTTP.

import {
  type Certificate,
  checkOcspResponse,
  createOcspResponder,
  fetchOcsp,
  type OcspResponder,
  type Pki,
  parseCrl,
  parseOcspResponse,
} from '@openseal/pki';
import type { RevocationSource } from './sign-options.ts';

/** Without nextUpdate a response is reused this long. */
const DEFAULT_REUSE_MS = 5 * 60_000;
const MAX_CRL_BYTES = 16 << 20;

/**
 * OCSP responses signed by the PKI's delegated responder (for what its issuing CA issued) and the CAs'
 * CRLs. A response is reused until half its validity has passed: a batch must not sign one per document.
 */
export function pkiRevocationSource(pki: Pki, opts?: { clock?: () => Date }): RevocationSource {
  const clock = opts?.clock ?? (() => new Date());
  const responders = new Map<string, OcspResponder>();
  const cache = new Map<string, { der: Promise<Uint8Array>; refreshAt: number }>();

  /** Certificates being asked about, so the responder's status-by-serial callback can find them. */
  const asking = new Map<string, Certificate>();
  const askKey = (issuer: Certificate, serial: bigint) => `${issuer.fingerprint()}:${serial.toString(16)}`;

  const responderFor = (issuer: Certificate): OcspResponder | undefined => {
    // RFC 6960 4.2.2.2: a delegated responder answers only for the CA that issued its certificate.
    if (!pki.ocsp.certificate.isIssuedBy(issuer)) return undefined;
    const key = issuer.fingerprint();
    let r = responders.get(key);
    if (!r) {
      r = createOcspResponder({
        issuer,
        responder: { certificate: pki.ocsp.certificate, signer: pki.ocsp.signer },
        status: (serial) => {
          const cert = asking.get(askKey(issuer, serial));
          return cert ? pki.revocationStatus(cert) : { status: 'unknown' };
        },
        clock,
      });
      responders.set(key, r);
    }
    return r;
  };

  return {
    async ocsp(cert, issuer) {
      const responder = responderFor(issuer);
      if (!responder) return undefined;
      const key = `${issuer.fingerprint()}:${cert.serialHex}`;
      const now = clock().getTime();
      const hit = cache.get(key);
      if (hit && now < hit.refreshAt) return hit.der;
      asking.set(askKey(issuer, cert.serialNumber), cert);
      const der = responder.responseFor(cert);
      const entry = { der, refreshAt: Number.POSITIVE_INFINITY };
      cache.set(key, entry);
      try {
        const { thisUpdate, nextUpdate } = checkOcspResponse(parseOcspResponse(await der), cert, issuer);
        entry.refreshAt = nextUpdate
          ? thisUpdate.getTime() + (nextUpdate.getTime() - thisUpdate.getTime()) / 2
          : now + DEFAULT_REUSE_MS;
      } catch (e) {
        cache.delete(key);
        throw e;
      } finally {
        asking.delete(askKey(issuer, cert.serialNumber));
      }
      return der;
    },
    async crl(_cert, issuer) {
      // pki.crl caches each CA's CRL until half its validity has passed.
      if (issuer.fingerprint() === pki.root.certificate.fingerprint()) return pki.crl('root', clock());
      if (issuer.fingerprint() === pki.issuing.certificate.fingerprint()) return pki.crl('issuing', clock());
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
