// Revocation of the signer's chain from the validation data at hand (RFC 5280 6.3 CRLs, RFC 6960 OCSP):
// the DSS, the CMS `crls` field, the adbe-revocationInfoArchival attribute, and fetched data on request.

import {
  type Certificate,
  checkOcspResponse,
  children,
  type Node,
  type ParsedCrl,
  parseCrl,
  parseOcspResponse,
  raw,
} from '@openseal/pki';
import type { RevocationFetcher, SignatureReport } from './report.ts';

export type RevocationSource = 'embedded' | 'dss' | 'fetched';

export interface RevocationData {
  ocsps: { der: Uint8Array; source: RevocationSource }[];
  crls: { der: Uint8Array; source: RevocationSource }[];
}

type Status = SignatureReport['revocation'];

/** adbe-revocationInfoArchival (ISO 32000-1 12.8.3.3.2): SEQUENCE { crl [0], ocsp [1], other [2] }. */
export function readRevocationArchival(values: readonly Node[] | undefined): {
  ocsps: Uint8Array[];
  crls: Uint8Array[];
} {
  const out = { ocsps: [] as Uint8Array[], crls: [] as Uint8Array[] };
  const value = values?.[0];
  if (!value) return out;
  try {
    for (const part of children(value)) {
      const list = children(part)[0];
      if (!list) continue;
      const items = children(list).map(raw);
      if (part.tag === 0xa0) out.crls.push(...items);
      else if (part.tag === 0xa1) out.ocsps.push(...items);
    }
  } catch {
    // A malformed archival attribute holds no usable revocation data.
  }
  return out;
}

/**
 * Status of every certificate of `chain` but the anchor. Revoked wins, then unknown; 'not-checked' when
 * no data speaks about some certificate.
 */
export async function checkChainRevocation(
  chain: readonly Certificate[],
  data: RevocationData,
  fetcher: RevocationFetcher | undefined,
  crlCache: Map<Uint8Array, ParsedCrl | undefined>,
): Promise<Status> {
  if (chain.length < 2) return { status: 'not-checked' };
  let result: Status = { status: 'good' };
  let sources = new Set<RevocationSource>();
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    let status = lookup(cert, issuer, data, crlCache);
    if (!status && fetcher) {
      const fetched: RevocationData = { ocsps: [], crls: [] };
      const ocsp = await fetcher.ocsp(cert, issuer).catch(() => undefined);
      if (ocsp) fetched.ocsps.push({ der: ocsp, source: 'fetched' });
      else {
        const crl = await fetcher.crl(cert, issuer).catch(() => undefined);
        if (crl) fetched.crls.push({ der: crl, source: 'fetched' });
      }
      status = lookup(cert, issuer, fetched, crlCache);
    }
    if (!status) return { status: 'not-checked' };
    if (status.source) sources.add(status.source);
    if (status.status === 'revoked') return status;
    if (status.status === 'unknown') result = status;
  }
  if (result.status === 'good') {
    sources = sources.size ? sources : new Set(['embedded']);
    result = { status: 'good', source: [...sources][0] };
  }
  return result;
}

function lookup(
  cert: Certificate,
  issuer: Certificate,
  data: RevocationData,
  crlCache: Map<Uint8Array, ParsedCrl | undefined>,
): Status | undefined {
  for (const { der, source } of data.ocsps) {
    try {
      const r = checkOcspResponse(parseOcspResponse(der), cert, issuer).status;
      if (r.status === 'good') return { status: 'good', source };
      if (r.status === 'revoked')
        return { status: 'revoked', source, revokedAt: r.revokedAt, reason: r.reason };
      return { status: 'unknown', source };
    } catch {
      // Not a response about this certificate, or not a valid one.
    }
  }
  for (const { der, source } of data.crls) {
    let crl = crlCache.get(der);
    if (!crlCache.has(der)) {
      try {
        crl = parseCrl(der);
      } catch {
        crl = undefined;
      }
      crlCache.set(der, crl);
    }
    if (!crl || !Buffer.from(crl.issuerDer).equals(issuer.subjectDer) || !crl.isSignedBy(issuer)) continue;
    const entry = crl.revoked.get(cert.serialHex);
    if (entry) return { status: 'revoked', source, revokedAt: entry.revokedAt, reason: entry.reason };
    return { status: 'good', source };
  }
  return undefined;
}
