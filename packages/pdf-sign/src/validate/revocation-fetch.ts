// Revocation data fetched from the URLs in the certificates (verify's revocation: 'fetch' without an
// injected fetcher): OCSP first (RFC 6960 A.1 over HTTP), then the first CRL distribution point.

import { type Certificate, fetchOcsp } from '@openseal/pki';
import type { RevocationFetcher } from './report.ts';

const CRL_TIMEOUT_MS = 10_000;
const MAX_CRL_BYTES = 16 * 1024 * 1024;

export const defaultRevocationFetcher: RevocationFetcher = {
  async ocsp(cert: Certificate, issuer: Certificate) {
    if (cert.ocspUrls.length === 0) return undefined;
    return fetchOcsp(cert, issuer);
  },
  async crl(cert: Certificate) {
    const url = cert.crlUrls.find((u) => u.startsWith('http://') || u.startsWith('https://'));
    if (!url) return undefined;
    const res = await fetch(url, { signal: AbortSignal.timeout(CRL_TIMEOUT_MS) });
    if (!res.ok) return undefined;
    const body = new Uint8Array(await res.arrayBuffer());
    return body.length <= MAX_CRL_BYTES ? body : undefined;
  },
};
