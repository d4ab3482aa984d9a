// verify(): reads a PDF strictly and judges every signature and document timestamp in it
// (ISO 32000-2 12.8, ETSI EN 319 142-1 PAdES, ETSI EN 319 102-1 validation), then the document.

import { errorMessage } from '@openseal/common';
import { Certificate, OID, type ParsedCrl, raw, signerKindOf } from '@openseal/pki';
import { type ActiveContent, findActiveContent } from '../core/active-content.ts';
import { PdfDocument } from '../core/document.ts';
import { PdfString } from '../core/objects.ts';
import { PdfError } from '../core/pdf-error.ts';
import { decodeTextString, parsePdfDate } from '../core/text-string.ts';
import { algorithmName } from './algorithm-name.ts';
import { weakSignatureAlgorithms } from './algorithm-policy.ts';
import { type ByteRangeCheck, checkByteRange } from './byte-range.ts';
import { type CmsCheck, checkSignatureCms, PADES_SUBFILTER } from './cms-check.ts';
import { digestBytes, digestRanges } from './digest.ts';
import { allowedByDocMdp, docMdpPermission } from './doc-mdp.ts';
import { readDss } from './dss.ts';
import {
  MODIFICATION_ORDER,
  type ModificationLevel,
  type Problem,
  type SignatureReport,
  type VerificationReport,
  type VerifyOptions,
  worseModification,
} from './report.ts';
import { diffRevision, type IndexCache, type RevisionDiff } from './revision-diff.ts';
import { checkChainRevocation, type RevocationData, readRevocationArchival } from './revocation-check.ts';
import { defaultRevocationFetcher } from './revocation-fetch.ts';
import { type FoundSignature, findSignatures } from './signature-fields.ts';
import { checkTimestampToken, type TokenCheck } from './timestamp-check.ts';
import { type AnchorIndex, anchorIndex, buildChain, type ChainResult } from './trust-chain.ts';
import { deriveVerdict, indicate } from './verdict.ts';
import { VerifyError } from './verify-error.ts';

/** Default size limit, checked before anything is parsed. */
export const DEFAULT_MAX_VERIFY_BYTES = 200 * 1024 * 1024;

const SUPPORTED_SUBFILTERS = new Set(['adbe.pkcs7.detached', PADES_SUBFILTER, 'ETSI.RFC3161']);

/** What is learnt about one signature before trust is judged. */
interface Work {
  found: FoundSignature;
  kind: SignatureReport['kind'];
  subFilter: string;
  byteRange: ByteRangeCheck;
  cms?: CmsCheck;
  /** The signature timestamp of a signature, or the token of a document timestamp. */
  token?: TokenCheck;
  claimedTime?: Date;
  problems: Problem[];
  padesProblems: string[];
  index: number;
}

export { VerifyError } from './verify-error.ts';

export async function verify(pdf: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  if (!options || !Array.isArray(options.trustAnchors)) {
    throw new VerifyError(
      'ERR_VERIFY_OPTIONS',
      'verify() needs options.trustAnchors (an array, maybe empty)',
    );
  }
  const at = options.at ?? options.clock?.() ?? new Date();
  const { doc, repaired } = open(pdf, options.limits?.maxBytes ?? DEFAULT_MAX_VERIFY_BYTES);
  const found = readStructure(() => {
    doc.pages();
    return findSignatures(doc);
  });

  const works = found.map((f) => examine(doc, f)).sort(bySignedRevision);
  works.forEach((w, i) => {
    w.index = i;
  });
  const modifications = readStructure(() => analyseModifications(doc, works, repaired));
  const dss = readStructure(() => readDss(doc));
  const trust = new TrustContext(doc, options, at, anchorIndex(options.trustAnchors), dss);

  const reports: SignatureReport[] = new Array(works.length);
  for (let i = works.length - 1; i >= 0; i--) {
    reports[i] = await trust.judge(works[i]!, modifications[i]!, works);
  }
  const scan = scanActiveContent(doc);
  const activeContent = scan.found;
  const { verdict, summary } = deriveVerdict(reports, scan, options.timeZone);
  return {
    verdict,
    authenticAndUnmodified: verdict === 'authentic',
    summary,
    signatures: reports,
    activeContent,
    revisions: doc.revisions.length,
    checkedAt: at,
  };
}

/**
 * What a reader may run. A damaged object the scan cannot read is reported, not thrown: the signatures'
 * own verdict (usually "modified") stands, and an otherwise sound file is not called authentic.
 */
function scanActiveContent(doc: PdfDocument): { found: ActiveContent[]; unreadable?: string } {
  try {
    return { found: findActiveContent(doc) };
  } catch (e) {
    return { found: [], unreadable: toVerifyError(e).message };
  }
}

function open(pdf: Uint8Array, maxBytes: number): { doc: PdfDocument; repaired: boolean } {
  if (!(pdf instanceof Uint8Array))
    throw new VerifyError('ERR_PDF_MALFORMED', 'the input is not a byte array');
  // Size first: nothing of an oversized file is read.
  if (pdf.length > maxBytes) {
    throw new VerifyError(
      'ERR_PDF_TOO_LARGE',
      `the file is ${pdf.length} bytes; at most ${maxBytes} are accepted`,
    );
  }
  // 7.5.5: a file ends with %%EOF; without one near the end it was cut short (what remains may be an
  // older, unsigned revision that would otherwise pass for the whole document).
  if (!endsWithEof(pdf)) {
    const isPdf = Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(pdf.length, 1024)).includes(
      '%PDF-',
      0,
      'latin1',
    );
    throw new VerifyError(
      'ERR_PDF_MALFORMED',
      isPdf
        ? 'the file does not end with %%EOF: it is truncated or damaged'
        : 'not a PDF file: no %PDF- header',
    );
  }
  try {
    return { doc: PdfDocument.parse(pdf, { maxBytes }), repaired: false };
  } catch (e) {
    // A complete file (it ends with %%EOF) whose cross-reference data is damaged is what readers repair
    // silently, and attack tools produce: judge it, with every signature marked as modified. A file cut
    // short is refused.
    if (!(e instanceof PdfError) || e.code !== 'ERR_PDF_MALFORMED' || !endsWithEof(pdf)) {
      throw toVerifyError(e);
    }
    return { doc: readStructure(() => PdfDocument.parse(pdf, { maxBytes, recover: true })), repaired: true };
  }
}

function endsWithEof(pdf: Uint8Array): boolean {
  const at = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length).lastIndexOf('%%EOF', undefined, 'latin1');
  return at >= 0 && at >= pdf.length - 1024;
}

/** Failures to read the document itself become a VerifyError with the core's code. */
function readStructure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toVerifyError(e);
  }
}

function toVerifyError(e: unknown): VerifyError {
  if (e instanceof VerifyError) return e;
  if (e instanceof PdfError) return new VerifyError(e.code, e.message, { cause: e });
  if (e instanceof RangeError) {
    return new VerifyError('ERR_PDF_TOO_COMPLEX', `the document is too complex: ${e.message}`, { cause: e });
  }
  return new VerifyError('ERR_PDF_MALFORMED', `the document cannot be read: ${errorMessage(e)}`, {
    cause: e,
  });
}

function examine(doc: PdfDocument, found: FoundSignature): Work {
  const dict = found.dict;
  const subFilter = dict.name('SubFilter') ?? '';
  const kind =
    dict.name('Type') === 'DocTimeStamp' || subFilter === 'ETSI.RFC3161' ? 'document-timestamp' : 'signature';
  const byteRange = checkByteRange(doc.bytes, dict, doc.revisions);
  const work: Work = {
    found,
    kind,
    subFilter,
    byteRange,
    problems: [...byteRange.problems],
    padesProblems: [],
    index: 0,
  };
  const m = dict.get('M');
  if (m instanceof PdfString) work.claimedTime = parsePdfDate(decodeTextString(m));
  if (!SUPPORTED_SUBFILTERS.has(subFilter)) {
    work.problems.push({
      code: 'UNSUPPORTED_SUBFILTER',
      message: `SubFilter "${subFilter}" is not supported`,
    });
    return work;
  }
  const contents = byteRange.contents;
  if (!contents || contents.length === 0) return work;
  const ranges = byteRange.ranges;
  if (kind === 'document-timestamp') {
    work.token = checkTimestampToken(
      contents,
      (alg) => (ranges ? digestRanges(doc.bytes, ranges, alg) : new Uint8Array(0)),
      [],
      'DOC_TIMESTAMP',
    );
    work.problems.push(...work.token.problems);
    if (subFilter !== 'ETSI.RFC3161')
      work.padesProblems.push('a document timestamp must use SubFilter ETSI.RFC3161');
    return work;
  }
  const cms = checkSignatureCms(contents, doc.bytes, ranges, subFilter);
  work.cms = cms;
  work.problems.push(...cms.problems);
  work.padesProblems.push(...cms.padesProblems);
  if (cms.signerInfo?.signingTime && !work.claimedTime) work.claimedTime = cms.signerInfo.signingTime;
  const tst = cms.signerInfo?.unsignedAttrs.get(OID.signatureTimeStampToken)?.[0];
  if (tst && cms.signerInfo) {
    const signature = cms.signerInfo.signature;
    work.token = checkTimestampToken(
      raw(tst),
      (alg) => digestBytes(signature, alg),
      cms.signedData?.certificates ?? [],
      'TIMESTAMP',
    );
  }
  return work;
}

function bySignedRevision(a: Work, b: Work): number {
  const ra = a.byteRange.signedRevision ?? Number.MAX_SAFE_INTEGER;
  const rb = b.byteRange.signedRevision ?? Number.MAX_SAFE_INTEGER;
  if (ra !== rb) return ra - rb;
  const ea = a.byteRange.ranges ? a.byteRange.ranges[2] + a.byteRange.ranges[3] : 0;
  const eb = b.byteRange.ranges ? b.byteRange.ranges[2] + b.byteRange.ranges[3] : 0;
  return ea - eb;
}

interface ModificationResult {
  level: ModificationLevel;
  details: string[];
  docMdp?: SignatureReport['docMdp'];
}

/** Every revision after each signed one is compared with its predecessor, once per document. */
function analyseModifications(
  doc: PdfDocument,
  works: readonly Work[],
  repaired: boolean,
): ModificationResult[] {
  const diffs = new Map<number, RevisionDiff>();
  const indexes: IndexCache = new Map();
  const verifiedIn = verifiedSignaturesByRevision(works);
  const diff = (k: number): RevisionDiff => {
    let d = diffs.get(k);
    if (!d) {
      try {
        d = diffRevision(doc, k, indexes, verifiedIn.get(k));
      } catch (e) {
        // Fail closed: an update that cannot be judged counts as an arbitrary change.
        d = {
          level: 'other',
          details: [`revision ${k}: the update cannot be analysed (${errorMessage(e)})`],
        };
      }
      diffs.set(k, d);
    }
    return d;
  };
  const last = doc.revisions[doc.revisions.length - 1]!;
  const tail = unsignedTail(doc.bytes, last.endOffset);
  const tailWords = tail > 0 ? quoteBytes(doc.bytes.subarray(doc.bytes.length - tail)) : '';
  const coversTail = works.some((w) => w.byteRange.coverage === 'entire-file');
  return works.map((w) => {
    const r = w.byteRange.signedRevision;
    let level: ModificationLevel = 'none';
    const details: string[] = [];
    if (r === undefined) {
      level = 'other';
      details.push('the signed bytes do not end at a revision, so what follows them cannot be judged');
    } else {
      for (let k = r + 1; k < doc.revisions.length; k++) {
        const d = diff(k);
        // The worst change stays first, whichever revision made it.
        if (worseModification(level, d.level) !== level) details.unshift(...d.details);
        else details.push(...d.details);
        level = worseModification(level, d.level);
      }
    }
    if (repaired || doc.recovered) {
      level = 'other';
      details.unshift(
        "the file's cross-reference data is damaged; a reader repairs it and may show content nobody signed",
      );
    }
    if (tail > 0 && !coversTail) {
      const detail = `${tail} bytes after the end of the last revision (${tailWords}) are not covered by any signature`;
      if (level === 'other') details.push(detail);
      else details.unshift(detail);
      level = 'other';
    }
    const permission = docMdpPermission(doc, w.found.dict);
    const docMdp =
      permission === undefined
        ? undefined
        : {
            permission,
            violated:
              MODIFICATION_ORDER.indexOf(level) > MODIFICATION_ORDER.indexOf(allowedByDocMdp(permission)),
          };
    return { level, details, docMdp };
  });
}

/** Object numbers of the signature dictionaries that verify, by the revision their byte range ends at. */
function verifiedSignaturesByRevision(works: readonly Work[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const w of works) {
    const r = w.byteRange.signedRevision;
    const check = w.kind === 'signature' ? w.cms : w.token;
    if (r === undefined || !w.found.ref || !check?.intact || !check.valid) continue;
    let set = out.get(r);
    if (!set) {
      set = new Set();
      out.set(r, set);
    }
    set.add(w.found.ref.num);
  }
  return out;
}

/** The start of appended bytes for a reader: printable text quoted, anything else as hex. */
function quoteBytes(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 60);
  const text = Buffer.from(head).toString('latin1').trim();
  if (/^[\x20-\x7e\t\r\n]*$/.test(text)) {
    return `"${text.replace(/\s+/g, ' ')}${bytes.length > head.length ? '…' : ''}"`;
  }
  return `starting with bytes ${Buffer.from(head.subarray(0, 16)).toString('hex')}`;
}

/** Non-white bytes after the last %%EOF: data no revision (and so no signature) accounts for. */
function unsignedTail(bytes: Uint8Array, end: number): number {
  for (let p = end; p < bytes.length; p++) {
    const c = bytes[p]!;
    if (c !== 0x0a && c !== 0x0d && c !== 0x20 && c !== 0x09 && c !== 0x00) return bytes.length - p;
  }
  return 0;
}

/** Trust, time and revocation; judged newest first so document timestamps can vouch for older data. */
class TrustContext {
  private readonly dssCerts: Certificate[];
  private readonly revocationData: RevocationData;
  private readonly crlCache = new Map<Uint8Array, ParsedCrl | undefined>();
  /** Trusted document timestamps: revision and time (proof of existence for what they cover). */
  private readonly poe: { revision: number; time: Date }[] = [];

  constructor(
    private readonly doc: PdfDocument,
    private readonly options: VerifyOptions,
    private readonly at: Date,
    private readonly anchors: AnchorIndex,
    dss: ReturnType<typeof readDss>,
  ) {
    this.dssCerts = parseCertificates(dss.certs);
    this.revocationData = {
      ocsps: dss.ocsps.map((der) => ({ der, source: 'dss' as const })),
      crls: dss.crls.map((der) => ({ der, source: 'dss' as const })),
    };
  }

  /** The earliest trusted document timestamp over revision `r`. */
  private poeFor(r: number | undefined): { revision: number; time: Date } | undefined {
    if (r === undefined) return undefined;
    return this.poe.filter((p) => p.revision > r).sort((a, b) => a.time.getTime() - b.time.getTime())[0];
  }

  /** A TSA chain is judged now, or at the time a later trusted document timestamp proves. */
  private tsaChain(cert: Certificate, pool: Certificate[], r: number | undefined): ChainResult {
    const now = buildChain(cert, pool, this.anchors, this.at, 'timestamping');
    const poe = this.poeFor(r);
    if (now.trusted || !poe) return now;
    const then = buildChain(cert, pool, this.anchors, poe.time, 'timestamping');
    return then.trusted ? then : now;
  }

  async judge(w: Work, mod: ModificationResult, all: readonly Work[]): Promise<SignatureReport> {
    const r = w.byteRange.signedRevision;
    const problems = [...w.problems];
    const cmsCerts = w.cms?.signedData?.certificates ?? w.token?.token?.signedData.certificates ?? [];
    const pool = [...cmsCerts, ...(w.token?.token?.signedData.certificates ?? []), ...this.dssCerts];

    let timestamp: SignatureReport['timestamp'];
    let tokenWeakness: Problem[] = [];
    if (w.token?.token) {
      const t = w.token;
      const token = t.token!;
      const chain = t.tsaCert && t.valid ? this.tsaChain(t.tsaCert, pool, r) : undefined;
      const tsi = token.signedData.signerInfos[0];
      tokenWeakness = [
        ...weakSignatureAlgorithms(
          t.tsaCert,
          tsi?.digestAlgorithmOid,
          tsi?.signatureAlgorithmOid,
          chain?.chain ?? [],
          'the timestamp authority',
        ),
        ...weakSignatureAlgorithms(
          undefined,
          token.messageImprint.digestAlgorithmOid,
          undefined,
          [],
          'the timestamp',
        ),
      ];
      timestamp = {
        time: token.genTime,
        intact: t.intact,
        valid: t.valid,
        trusted: t.intact && t.valid && (chain?.trusted ?? false) && tokenWeakness.length === 0,
        tsa: t.tsaCert?.commonName ?? token.tsaName,
      };
      if (w.kind === 'signature' && !timestamp.trusted) {
        const why =
          chain?.problems[0]?.message ??
          t.problems[0]?.message ??
          tokenWeakness[0]?.message ??
          'it does not verify';
        problems.push({
          code: 'TIMESTAMP_UNTRUSTED',
          message: `the signature timestamp cannot be relied on: ${why}`,
        });
      }
    }

    const leaf = w.kind === 'signature' ? w.cms?.signerCert : w.token?.tsaCert;
    let signingTime: SignatureReport['signingTime'];
    let chain: ChainResult | undefined;
    if (w.kind === 'document-timestamp') {
      if (timestamp) signingTime = { time: timestamp.time, source: 'document-timestamp' };
      chain = leaf ? this.tsaChain(leaf, pool, r) : undefined;
    } else {
      const poe = this.poeFor(r);
      if (timestamp?.trusted) signingTime = { time: timestamp.time, source: 'signature-timestamp' };
      else if (poe) signingTime = { time: poe.time, source: 'document-timestamp' };
      else if (w.claimedTime) signingTime = { time: w.claimedTime, source: 'claimed' };
      const proven = signingTime && signingTime.source !== 'claimed' ? signingTime.time : undefined;
      chain = leaf ? buildChain(leaf, pool, this.anchors, proven ?? this.at, 'signing') : undefined;
    }
    if (chain) problems.push(...chain.problems);
    if (w.kind === 'signature') {
      const si = w.cms?.signerInfo;
      const known = new Set(problems.map((p) => p.message));
      problems.push(
        ...weakSignatureAlgorithms(
          leaf,
          si?.digestAlgorithmOid,
          si?.signatureAlgorithmOid,
          chain?.chain ?? [],
          'the seal',
        ).filter((p) => !known.has(p.message)),
      );
    } else {
      problems.push(...tokenWeakness);
    }

    const intact = w.kind === 'signature' ? (w.cms?.intact ?? false) : (w.token?.intact ?? false);
    const valid = w.kind === 'signature' ? (w.cms?.valid ?? false) : (w.token?.valid ?? false);

    let revocation: SignatureReport['revocation'] = { status: 'not-checked' };
    if (chain?.anchored && intact && valid) {
      const data = this.revocationFor(w);
      const fetcher =
        this.options.revocation === 'fetch'
          ? (this.options.fetchRevocation ?? defaultRevocationFetcher)
          : undefined;
      const proven = signingTime && signingTime.source !== 'claimed' ? signingTime.time : undefined;
      revocation = await checkChainRevocation(chain.chain, data, fetcher, this.crlCache, proven);
      if (revocation.status === 'revoked') {
        if (!proven || !revocation.revokedAt || revocation.revokedAt <= proven) {
          problems.push({
            code: 'REVOKED',
            message: `a certificate of the chain was revoked${revocation.revokedAt ? ` on ${utcMinute(revocation.revokedAt)}` : ''}${revocation.reason ? ` (${revocation.reason})` : ''}${proven ? `, before the proven signing time ${utcMinute(proven)}` : ''}`,
          });
        } else {
          problems.push({
            code: 'REVOKED_AFTER_SIGNING',
            message: 'a certificate was revoked after the proven signing time',
          });
        }
      }
    }

    const trusted = (chain?.trusted ?? false) && !problems.some((p) => p.code === 'REVOKED');
    if (w.kind === 'document-timestamp' && trusted && intact && valid && r !== undefined && timestamp) {
      this.poe.push({ revision: r, time: timestamp.time });
    }

    if (mod.docMdp?.violated) {
      problems.push({
        code: 'DOCMDP_VIOLATION',
        message: `the certification (P=${mod.docMdp.permission}) forbids the later changes`,
      });
    }
    const signer = leaf ? summarise(leaf) : undefined;
    const signerInfo = w.kind === 'signature' ? w.cms?.signerInfo : w.token?.token?.signedData.signerInfos[0];
    const report: Omit<SignatureReport, 'indication' | 'subIndication'> = {
      index: w.index,
      fieldName: w.found.fieldName,
      kind: w.kind,
      subFilter: w.subFilter,
      intact,
      valid,
      trusted,
      keyUsageOk: chain?.keyUsageOk ?? false,
      signer,
      algorithm: algorithmName(leaf, signerInfo?.digestAlgorithmOid, signerInfo?.signatureAlgorithmOid),
      chain: (chain?.chain ?? []).map((c) => ({
        subject: c.subject.map((a) => `${a.type}=${a.value}`).join(', '),
        serialHex: c.serialHex,
      })),
      signingTime,
      timestamp,
      revocation,
      coverage: w.byteRange.coverage,
      revision: r ?? -1,
      modifications: mod.level,
      modificationDetails: mod.details,
      docMdp: mod.docMdp,
      pades: this.pades(w, timestamp, all),
      problems,
    };
    return { ...report, ...indicate(report) };
  }

  /** The first revision after `r` whose catalog has a /DSS (ETSI EN 319 142-1 B-LT: added after signing). */
  private firstDssAfter(r: number): number | undefined {
    for (let k = r + 1; k < this.doc.revisions.length; k++) {
      try {
        if (this.doc.atRevision(k).catalog().has('DSS')) return k;
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  private revocationFor(w: Work): RevocationData {
    const sd = w.cms?.signedData ?? w.token?.token?.signedData;
    const archival = readRevocationArchival(
      w.cms?.signerInfo?.signedAttrs.get(OID.adbeRevocationInfoArchival),
    );
    return {
      ocsps: [
        ...archival.ocsps.map((der) => ({ der, source: 'embedded' as const })),
        ...this.revocationData.ocsps,
      ],
      crls: [
        ...(sd?.crls ?? []).map((der) => ({ der, source: 'embedded' as const })),
        ...archival.crls.map((der) => ({ der, source: 'embedded' as const })),
        ...this.revocationData.crls,
      ],
    };
  }

  private pades(
    w: Work,
    timestamp: SignatureReport['timestamp'],
    all: readonly Work[],
  ): SignatureReport['pades'] {
    const problems = [...w.padesProblems];
    if (w.kind === 'document-timestamp') return { conformant: problems.length === 0, problems };
    const conformant = problems.length === 0;
    if (!conformant) return { conformant, problems };
    let level: SignatureReport['pades']['level'] = timestamp?.intact && timestamp.valid ? 'B-T' : 'B-B';
    const r = w.byteRange.signedRevision;
    const dssRevision = r === undefined ? undefined : this.firstDssAfter(r);
    const hasLtData =
      this.dssCerts.length > 0 && this.revocationData.ocsps.length + this.revocationData.crls.length > 0;
    if (level === 'B-T' && r !== undefined && dssRevision !== undefined && dssRevision > r && hasLtData) {
      level = 'B-LT';
      if (
        all.some((o) => o.kind === 'document-timestamp' && (o.byteRange.signedRevision ?? -1) >= dssRevision)
      ) {
        level = 'B-LTA';
      }
    }
    return { conformant, level, problems };
  }
}

const utcMinute = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function parseCertificates(ders: readonly Uint8Array[]): Certificate[] {
  const out: Certificate[] = [];
  for (const der of ders) {
    try {
      out.push(Certificate.fromDer(der));
    } catch {
      // Not a certificate we can read: it cannot help build a chain.
    }
  }
  return out;
}

function summarise(c: Certificate): SignatureReport['signer'] {
  const signerKind = signerKindOf(c);
  return {
    ...(signerKind ? { signerKind } : {}),
    commonName: c.commonName,
    organization: c.organization,
    subject: c.subject.map((a) => `${a.type}=${a.value}`).join(', '),
    serialHex: c.serialHex,
    fingerprintSha256: c.fingerprint('sha256'),
    notBefore: c.notBefore,
    notAfter: c.notAfter,
  };
}
