// Revocation of the signer's chain from the validation data at hand (RFC 5280 6.3 CRLs, RFC 6960 OCSP):
// the DSS, the CMS `crls` field, the adbe-revocationInfoArchival attribute, and fetched data on request.

import { createHash } from 'node:crypto';
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
import { fingerprint } from './trust-chain.ts';

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
 * no usable data speaks about some certificate.
 *
 * ETSI EN 319 102-1 5.2.5: when a timestamp proves the signing time, data issued before it (an OCSP
 * response produced, a CRL updated) cannot show the certificate was still good then, so it counts only
 * to prove a revocation. Of the data that counts, the newest wins. A fetcher, when given, is always asked
 * too: what it says now is newer than anything in the file.
 */
export async function checkChainRevocation(
  chain: readonly Certificate[],
  data: RevocationData,
  fetcher: RevocationFetcher | undefined,
  crlCache: Map<Uint8Array, ParsedCrl | undefined>,
  provenSigningTime?: Date,
): Promise<Status> {
  if (chain.length < 2) return { status: 'not-checked' };
  // Responses and CRLs carry whole seconds; a timestamp may carry fractions.
  const freshFrom = provenSigningTime && new Date(Math.floor(provenSigningTime.getTime() / 1000) * 1000);
  let result: Status = { status: 'good' };
  const sources = new Set<RevocationSource>();
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1]!;
    const found = candidates(cert, issuer, data, crlCache);
    if (fetcher) {
      const fetched: RevocationData = { ocsps: [], crls: [] };
      const ocsp = await fetcher.ocsp(cert, issuer).catch(() => undefined);
      if (ocsp) fetched.ocsps.push({ der: ocsp, source: 'fetched' });
      else {
        const crl = await fetcher.crl(cert, issuer).catch(() => undefined);
        if (crl) fetched.crls.push({ der: crl, source: 'fetched' });
      }
      found.push(...candidates(cert, issuer, fetched, crlCache));
    }
    const usable = found.filter(
      (c) =>
        !freshFrom ||
        c.issuedAt >= freshFrom ||
        (c.status.status === 'revoked' &&
          c.status.revokedAt !== undefined &&
          c.status.revokedAt <= freshFrom),
    );
    const newest = usable.sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0];
    if (!newest) {
      return found.length > 0
        ? {
            status: 'not-checked',
            detail: `the revocation data for "${cert.commonName ?? cert.serialHex}" was issued before the proven signing time, so it cannot show the certificate was still valid then`,
          }
        : { status: 'not-checked' };
    }
    const status = newest.status;
    if (status.source) sources.add(status.source);
    if (status.status === 'revoked') return status;
    if (status.status === 'unknown') result = status;
  }
  if (result.status === 'good') result = { status: 'good', source: [...sources][0] ?? 'embedded' };
  return result;
}

interface Candidate {
  status: Status;
  /** OCSP producedAt, CRL thisUpdate. */
  issuedAt: Date;
}

/** What one response or CRL proves about one certificate, whoever carried it; null: nothing. */
type Statement = { status: Omit<Status, 'source'>; issuedAt: Date } | null;

/**
 * Statements remembered across documents. What a response or a CRL proves about a certificate depends
 * on the bytes of the three alone (freshness is judged above, per signature), and the documents of a
 * batch carry the same responses and CRLs: each is checked once (an SM2 or RSA verification or more)
 * instead of once per document. Keyed by their SHA-256; bounded, the oldest forgotten first.
 */
const STATEMENT_CACHE_SIZE = 1024;
const statements = new Map<string, Statement>();
function remembered(key: string, judge: () => Statement): Statement {
  let s = statements.get(key);
  if (s === undefined) {
    s = judge();
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    statements.set(key, s);
  }
  return s;
}

const sha256 = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/** Every statement the data makes about `cert`, from responses and CRLs that prove they come from its issuer. */
function candidates(
  cert: Certificate,
  issuer: Certificate,
  data: RevocationData,
  crlCache: Map<Uint8Array, ParsedCrl | undefined>,
): Candidate[] {
  const out: Candidate[] = [];
  const pair = `${fingerprint(cert)}:${fingerprint(issuer)}`;
  for (const { der, source } of data.ocsps) {
    const said = remembered(`ocsp:${sha256(der)}:${pair}`, () => {
      try {
        const checked = checkOcspResponse(parseOcspResponse(der), cert, issuer);
        const r = checked.status;
        return {
          status:
            r.status === 'revoked'
              ? { status: 'revoked', revokedAt: r.revokedAt, reason: r.reason }
              : { status: r.status },
          issuedAt: checked.producedAt,
        };
      } catch {
        // Not a response about this certificate, or not a valid one.
        return null;
      }
    });
    if (said) out.push({ status: { ...said.status, source }, issuedAt: said.issuedAt });
  }
  for (const { der, source } of data.crls) {
    const said = remembered(`crl:${sha256(der)}:${pair}`, () => {
      let crl = crlCache.get(der);
      if (!crlCache.has(der)) {
        try {
          crl = parseCrl(der);
        } catch {
          crl = undefined;
        }
        crlCache.set(der, crl);
      }
      if (!crl || !Buffer.from(crl.issuerDer).equals(issuer.subjectDer) || !crl.isSignedBy(issuer))
        return null;
      const entry = crl.revoked.get(cert.serialHex);
      return {
        status: entry
          ? { status: 'revoked', revokedAt: entry.revokedAt, reason: entry.reason }
          : { status: 'good' },
        issuedAt: crl.thisUpdate,
      };
    });
    if (said) out.push({ status: { ...said.status, source }, issuedAt: said.issuedAt });
  }
  return out;
}
