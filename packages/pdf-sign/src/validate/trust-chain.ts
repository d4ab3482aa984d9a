// Certification path building and checking (RFC 5280 6.1, simplified: no policies or name constraints,
// which are refused when marked critical). Trust anchors are indexed once per anchor list.

import { type Certificate, OID } from '@openseal/pki';
import type { Problem } from './report.ts';

export interface AnchorIndex {
  readonly byFingerprint: ReadonlyMap<string, Certificate>;
  readonly bySubject: ReadonlyMap<string, readonly Certificate[]>;
}

const anchorIndexes = new WeakMap<readonly Certificate[], AnchorIndex>();
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');

const fingerprints = new WeakMap<Certificate, string>();
/** SHA-256 fingerprint, computed once per certificate object. */
export function fingerprint(c: Certificate): string {
  let f = fingerprints.get(c);
  if (f === undefined) {
    f = c.fingerprint();
    fingerprints.set(c, f);
  }
  return f;
}

/**
 * Certificate signature checks remembered across documents. Whether `issuer` signed `cert` depends on
 * the two certificates' bytes alone, and every document parses its certificates anew, so without this a
 * batch sealed under one hierarchy checked the same links (an SM2 verification each) in every file.
 * Keyed by both fingerprints; bounded, the oldest entry forgotten first.
 */
const LINK_CACHE_SIZE = 1024;
const linkCache = new Map<string, boolean>();
function issuedBy(cert: Certificate, issuer: Certificate): boolean {
  const key = `${fingerprint(cert)}:${fingerprint(issuer)}`;
  let ok = linkCache.get(key);
  if (ok === undefined) {
    ok = cert.isIssuedBy(issuer);
    if (linkCache.size >= LINK_CACHE_SIZE) linkCache.delete(linkCache.keys().next().value!);
    linkCache.set(key, ok);
  }
  return ok;
}

/** Parsed once per anchor array (a cache: the result depends only on the array). */
export function anchorIndex(anchors: readonly Certificate[]): AnchorIndex {
  let index = anchorIndexes.get(anchors);
  if (!index) {
    const byFingerprint = new Map<string, Certificate>();
    const bySubject = new Map<string, Certificate[]>();
    for (const a of anchors) {
      byFingerprint.set(fingerprint(a), a);
      const key = hex(a.subjectDer);
      bySubject.set(key, [...(bySubject.get(key) ?? []), a]);
    }
    index = { byFingerprint, bySubject };
    anchorIndexes.set(anchors, index);
  }
  return index;
}

/** Extensions this check processes or may ignore (RFC 5280 4.2: unknown critical ones must fail). */
const KNOWN_CRITICAL = new Set<string>([
  OID.keyUsage,
  OID.basicConstraints,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.certificatePolicies,
  OID.ocspNoCheck,
]);

export type Purpose = 'signing' | 'timestamping';

export interface ChainResult {
  /** Leaf first; ends at an anchor when `anchored`. */
  chain: Certificate[];
  anchored: boolean;
  /** Anchored, constraints hold, every certificate valid at `at`, purpose allowed. */
  trusted: boolean;
  keyUsageOk: boolean;
  /** Why not trusted; codes NO_TRUSTED_CHAIN, CHAIN_CONSTRAINTS, KEY_USAGE, CERT_EXPIRED, CERT_NOT_YET_VALID. */
  problems: Problem[];
}

const MAX_CHAIN = 10;

export function buildChain(
  leaf: Certificate,
  pool: readonly Certificate[],
  anchors: AnchorIndex,
  at: Date,
  purpose: Purpose,
): ChainResult {
  const chain: Certificate[] = [];
  let current: Certificate | undefined = anchors.byFingerprint.get(fingerprint(leaf)) ?? leaf;
  let anchored = false;
  while (current && chain.length < MAX_CHAIN) {
    chain.push(current);
    if (anchors.byFingerprint.has(fingerprint(current))) {
      anchored = true;
      break;
    }
    current = findIssuer(current, pool, anchors, chain);
  }
  const problems: Problem[] = [];
  const keyUsageOk = purposeAllowed(leaf, purpose);
  if (!keyUsageOk) {
    problems.push(
      purpose === 'signing'
        ? {
            code: 'KEY_USAGE',
            message: onlyServiceUsages(leaf)
              ? `the certificate of "${describe(leaf)}" is meant only for ${serviceWords(leaf)}, not for seals or signatures`
              : "the signer's certificate is not meant for signatures (key usage)",
          }
        : {
            code: 'KEY_USAGE',
            message: 'the timestamp authority certificate lacks the timeStamping extended key usage',
          },
    );
  }
  if (!anchored) {
    problems.push({
      code: 'NO_TRUSTED_CHAIN',
      message: `no chain from "${describe(leaf)}" to a trusted root was found`,
    });
  }
  for (let i = 1; i < chain.length; i++) {
    const ca = chain[i]!;
    if (!ca.basicConstraints?.ca || (ca.keyUsage && !ca.keyUsage.has('keyCertSign'))) {
      problems.push({
        code: 'CHAIN_CONSTRAINTS',
        message: `"${describe(ca)}" is not a certification authority`,
      });
    }
    const below = chain.slice(1, i).filter((c) => !c.isSelfIssued()).length;
    const limit = ca.basicConstraints?.pathLength;
    if (limit !== undefined && below > limit) {
      problems.push({
        code: 'CHAIN_CONSTRAINTS',
        message: `the path length constraint of "${describe(ca)}" is exceeded`,
      });
    }
  }
  for (const c of chain) {
    const unknown = c.criticalExtensions.find((oid) => !KNOWN_CRITICAL.has(oid));
    if (unknown)
      problems.push({
        code: 'CHAIN_CONSTRAINTS',
        message: `"${describe(c)}" has an unsupported critical extension ${unknown}`,
      });
    if (at < c.notBefore) {
      problems.push({
        code: 'CERT_NOT_YET_VALID',
        message: `"${describe(c)}" is valid only from ${iso(c.notBefore)}`,
      });
    } else if (at > c.notAfter) {
      problems.push({ code: 'CERT_EXPIRED', message: `"${describe(c)}" expired on ${iso(c.notAfter)}` });
    }
  }
  return { chain, anchored, trusted: problems.length === 0, keyUsageOk, problems };
}

function findIssuer(
  cert: Certificate,
  pool: readonly Certificate[],
  anchors: AnchorIndex,
  path: readonly Certificate[],
): Certificate | undefined {
  if (cert.isSelfIssued() && issuedBy(cert, cert)) return undefined;
  const key = hex(cert.issuerDer);
  for (const a of anchors.bySubject.get(key) ?? []) if (!path.includes(a) && issuedBy(cert, a)) return a;
  for (const c of pool) {
    if (path.includes(c) || hex(c.subjectDer) !== key) continue;
    if (issuedBy(cert, c)) return anchors.byFingerprint.get(fingerprint(c)) ?? c;
  }
  return undefined;
}

function purposeAllowed(leaf: Certificate, purpose: Purpose): boolean {
  if (purpose === 'timestamping') return leaf.extKeyUsage?.includes(OID.ekuTimeStamping) ?? false;
  if (onlyServiceUsages(leaf)) return false;
  return !leaf.keyUsage || leaf.keyUsage.has('digitalSignature') || leaf.keyUsage.has('nonRepudiation');
}

/** RFC 5280 4.2.1.12: a certificate whose extended key usages are all TSA or OCSP responder duties. */
const SERVICE_USAGES = new Set<string>([OID.ekuTimeStamping, OID.ekuOcspSigning]);
function onlyServiceUsages(cert: Certificate): boolean {
  const eku = cert.extKeyUsage;
  return eku !== undefined && eku.length > 0 && eku.every((o) => SERVICE_USAGES.has(o));
}
function serviceWords(cert: Certificate): string {
  const words = (cert.extKeyUsage ?? []).map((o) =>
    o === OID.ekuTimeStamping ? 'timestamps' : 'OCSP responses',
  );
  return [...new Set(words)].join(' and ');
}

export const describe = (c: Certificate): string => c.commonName ?? c.organization ?? `serial ${c.serialHex}`;
export const iso = (d: Date): string => d.toISOString().slice(0, 10);
