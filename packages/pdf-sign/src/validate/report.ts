// The structured result of verifying a PDF (pyHanko's status model, ETSI EN 319 102-1 indications).
// Everything a person reads is derived from these fields in verdict.ts.

import type { Certificate, SignerKind } from '@openseal/pki';
import type { ActiveContent } from '../core/active-content.ts';

/** How much of the file a signature's ByteRange covers, best first. */
export type Coverage = 'entire-file' | 'entire-revision' | 'partial';
export const COVERAGE_ORDER: readonly Coverage[] = ['entire-file', 'entire-revision', 'partial'];

/** What changed after a signature, best first (pyHanko's ModificationLevel). */
export type ModificationLevel =
  | 'none'
  | 'ltv-data'
  | 'new-signatures'
  | 'form-filling'
  | 'annotations'
  | 'other';
export const MODIFICATION_ORDER: readonly ModificationLevel[] = [
  'none',
  'ltv-data',
  'new-signatures',
  'form-filling',
  'annotations',
  'other',
];

export const worseModification = (a: ModificationLevel, b: ModificationLevel): ModificationLevel =>
  MODIFICATION_ORDER.indexOf(a) >= MODIFICATION_ORDER.indexOf(b) ? a : b;

export type Indication = 'PASSED' | 'INDETERMINATE' | 'FAILED';

/** A named finding; `code` is stable (tests and callers branch on it), `message` is for people. */
export interface Problem {
  code: string;
  message: string;
}

export interface SignerInfoSummary {
  /**
   * Whose key the certificate's policy says it certifies (an OpenSeal-issued certificate): a seal, a
   * person's own key, or an event certificate. Only a claim of the issuer: trusted with the chain.
   */
  signerKind?: SignerKind;
  commonName?: string;
  organization?: string;
  subject: string;
  serialHex: string;
  fingerprintSha256: string;
  notBefore: Date;
  notAfter: Date;
}

export interface SignatureReport {
  /** 0-based, in the order the signatures were made (by signed revision). */
  index: number;
  fieldName?: string;
  kind: 'signature' | 'document-timestamp';
  subFilter: string;
  /** The hash over the ByteRange matches the signed message digest. */
  intact: boolean;
  /** The signature value verifies with the signer's public key. */
  valid: boolean;
  /** A certificate chain to a trust anchor, valid at the signing time, with acceptable key usage. */
  trusted: boolean;
  keyUsageOk: boolean;
  signer?: SignerInfoSummary;
  /** The signer's key and digest in words ("ECDSA, 256-bit key, SHA-256"); absent without a SignerInfo. */
  algorithm?: string;
  chain: { subject: string; serialHex: string }[];
  /** Prefer a verified timestamp; 'claimed' is /M or the signing-time attribute, which nobody vouches for. */
  signingTime?: { time: Date; source: 'signature-timestamp' | 'document-timestamp' | 'claimed' };
  timestamp?: { time: Date; intact: boolean; valid: boolean; trusted: boolean; tsa?: string };
  revocation: {
    status: 'good' | 'revoked' | 'unknown' | 'not-checked';
    source?: 'embedded' | 'dss' | 'fetched';
    revokedAt?: Date;
    reason?: string;
    /** Why no status could be established from the data at hand, in plain words. */
    detail?: string;
  };
  coverage: Coverage;
  /** The revision (0-based) this signature signed. */
  revision: number;
  modifications: ModificationLevel;
  modificationDetails: string[];
  docMdp?: { permission: 1 | 2 | 3; violated: boolean };
  pades: { conformant: boolean; level?: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA'; problems: string[] };
  indication: Indication;
  subIndication?: string;
  problems: Problem[];
}

export type Verdict =
  | 'authentic'
  | 'modified'
  | 'invalid'
  | 'untrusted'
  | 'revoked'
  | 'indeterminate'
  | 'timestamped'
  | 'unsigned';

export interface VerificationReport {
  /** 'timestamped': only document timestamps, which prove when but not who; never 'authentic'. */
  verdict: Verdict;
  /** True only for 'authentic'. */
  authenticAndUnmodified: boolean;
  /** Plain words for a registrar or an employer abroad, derived from the structured report. */
  summary: { zh: string; en: string };
  signatures: SignatureReport[];
  /** Scripts, launch actions, embedded files and XFA a reader may run or open, in the newest revision. */
  activeContent: ActiveContent[];
  revisions: number;
  checkedAt: Date;
}

export interface RevocationFetcher {
  ocsp(cert: Certificate, issuer: Certificate): Promise<Uint8Array | undefined>;
  crl(cert: Certificate, issuer: Certificate): Promise<Uint8Array | undefined>;
}

export interface VerifyOptions {
  trustAnchors: readonly Certificate[];
  /** Validation time; default: `clock()`, else the system clock. */
  at?: Date;
  clock?: () => Date;
  /**
   * 'embedded-only' (default): DSS, CMS-embedded CRLs and adbe-revocationInfoArchival.
   * 'fetch': additionally asks `fetchRevocation` (or the OCSP/CRL URLs of the certificates).
   */
  revocation?: 'embedded-only' | 'fetch';
  fetchRevocation?: RevocationFetcher;
  /** IANA time zone for the dates in the summary (the school's, e.g. Asia/Shanghai); default UTC. */
  timeZone?: string;
  /** Strict by default; there is no leniency option yet. */
  lenient?: false;
  limits?: { maxBytes?: number };
}
