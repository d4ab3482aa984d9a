// Document Security Store (ISO 32000-2 12.8.4.3, ETSI EN 319 142-1 5.4.2): certificates, OCSP
// responses and CRLs for every signature's signer and TSA chains, in one incremental update, with a
// /VRI entry per signature, merged into any DSS already present. Revocation data is asked for as
// issued after the signatures' timestamps (revocation-freshness.ts).

import { createHash } from 'node:crypto';
import {
  type Certificate,
  findSignerCertificate,
  OID,
  type ParsedSignedData,
  parseOcspResponse,
  parseSignedData,
  parseTimestampToken,
  raw,
} from '@openseal/pki';
import { PdfDocument } from '../core/document.ts';
import { IncrementalWriter } from '../core/incremental-writer.ts';
import { isRef, isStream, PdfDict, PdfName, type PdfObject, PdfStream, PdfString } from '../core/objects.ts';
import { flateStream } from '../core/stream-builders.ts';
import { CertPool } from './cert-pool.ts';
import { readForm } from './form-fields.ts';
import type { RevocationSource } from './sign-options.ts';

export interface ValidationDataInput {
  revocation: RevocationSource;
  /** Certificates that may complete chains the CMS does not embed (e.g. a TSA's issuing CA and root). */
  extraCertificates?: readonly Certificate[];
  /**
   * The source for the signatures in these fields instead of `revocation`: one whose signer and TSA
   * chains belong to another PKI, as the SM2 half of a dual signature does.
   */
  revocationByField?: ReadonlyMap<string, RevocationSource>;
}

type Kind = 'Certs' | 'OCSPs' | 'CRLs';

/** One DSS array: what it already holds (by SHA-256 of the data) and the references in order. */
interface Store {
  readonly refs: PdfObject[];
  readonly byHash: Map<string, PdfObject>;
}

export async function addValidationData(pdf: Uint8Array, data: ValidationDataInput): Promise<Uint8Array> {
  const doc = PdfDocument.parse(pdf);
  const form = readForm(doc);
  const catalog = doc.catalog();
  const dssRaw = catalog.get('DSS');
  const dss = new PdfDict(doc.resolveDict(dssRaw)?.map);
  const vri = new PdfDict(doc.resolveDict(dss.get('VRI'))?.map);
  const w = new IncrementalWriter(doc);
  const stores = {
    Certs: readStore(doc, dss.get('Certs')),
    OCSPs: readStore(doc, dss.get('OCSPs')),
    CRLs: readStore(doc, dss.get('CRLs')),
  };
  const put = (kind: Kind, der: Uint8Array): PdfObject => {
    const store = stores[kind];
    const h = sha256Hex(der);
    let ref = store.byHash.get(h);
    if (!ref) {
      ref = w.add(compressedOnce(h, der));
      store.byHash.set(h, ref);
      store.refs.push(ref);
    }
    return ref;
  };

  const pool = new CertPool();
  pool.add(...(data.extraCertificates ?? []));
  const signatures = form.signedFields.flatMap((f) => {
    const evidence = readSignature(f.name, f.sigDict);
    if (evidence) pool.add(...evidence.certificates);
    return evidence ? [evidence] : [];
  });
  const uncovered = signatures.filter((sig) => !vri.has(sig.vriKey));
  // ETSI EN 319 102-1 5.2.5.4: data issued after every timestamp it is added for.
  const producedAfter = uncovered.reduce<Date | undefined>(
    (latest, sig) => (sig.provenAt && (!latest || sig.provenAt > latest) ? sig.provenAt : latest),
    undefined,
  );
  const memos = new Map<RevocationSource, ReturnType<typeof memoRevocation>>();
  const revocationFor = (fieldName: string) => {
    const source = data.revocationByField?.get(fieldName) ?? data.revocation;
    let memo = memos.get(source);
    if (!memo) {
      memo = memoRevocation(source, pool, producedAfter);
      memos.set(source, memo);
    }
    return memo;
  };

  for (const sig of uncovered) {
    const revocation = revocationFor(sig.fieldName);
    const entry = { Cert: new Set<PdfObject>(), OCSP: new Set<PdfObject>(), CRL: new Set<PdfObject>() };
    const pending = [...sig.leaves];
    const done = new Set<Certificate>();
    while (pending.length > 0) {
      const chain = pool.chain(pending.pop()!);
      for (let i = 0; i < chain.length; i++) {
        const cert = chain[i]!;
        if (done.has(cert)) continue;
        done.add(cert);
        entry.Cert.add(put('Certs', cert.der));
        const issuer = chain[i + 1];
        // A self-issued root is a trust anchor (RFC 5280 6.1); an OCSP responder certificate with
        // id-pkix-ocsp-nocheck is not checked for revocation (RFC 6960 4.2.2.2.1).
        if (!issuer || cert.ocspNoCheck) continue;
        const rev = await revocation(cert, issuer);
        if (rev?.kind === 'ocsp') {
          entry.OCSP.add(put('OCSPs', rev.der));
          // The responder's own certificate (and chain) is validation data too (RFC 6960 4.2.2.2).
          pending.push(...rev.responders);
        } else if (rev?.kind === 'crl') entry.CRL.add(put('CRLs', rev.der));
      }
    }
    const v = new PdfDict();
    if (entry.Cert.size > 0) v.set('Cert', [...entry.Cert]);
    if (entry.OCSP.size > 0) v.set('OCSP', [...entry.OCSP]);
    if (entry.CRL.size > 0) v.set('CRL', [...entry.CRL]);
    vri.set(sig.vriKey, v);
  }

  for (const kind of ['Certs', 'OCSPs', 'CRLs'] as const) {
    if (stores[kind].refs.length > 0) dss.set(kind, stores[kind].refs);
  }
  dss.set('VRI', vri);
  if (isRef(dssRaw) && doc.resolveDict(dssRaw)) w.set(dssRaw, dss);
  else w.set(doc.catalogRef(), new PdfDict(catalog.map).set('DSS', w.add(dss)));
  return w.finish().bytes;
}

interface SignatureEvidence {
  readonly fieldName: string;
  /** ETSI EN 319 142-1 5.4.2.2: uppercase hex SHA-1 of the signature's /Contents bytes. */
  readonly vriKey: string;
  /** Signer certificate and the signers of its timestamp tokens (or the TSA, for a DocTimeStamp). */
  readonly leaves: readonly Certificate[];
  readonly certificates: readonly Certificate[];
  /** Latest genTime of its signature timestamps (or of the DocTimeStamp itself); none without one. */
  readonly provenAt: Date | undefined;
}

/** What a signature dictionary's CMS says about whose chains to cover; undefined if it holds no CMS. */
function readSignature(fieldName: string, sigDict: PdfDict): SignatureEvidence | undefined {
  const contents = sigDict.get('Contents');
  if (!(contents instanceof PdfString)) return undefined;
  let sd: ParsedSignedData;
  try {
    sd = parseSignedData(contents.bytes);
  } catch {
    // Not CMS (e.g. adbe.x509.rsa_sha1) or damaged: nothing this DSS can vouch for.
    return undefined;
  }
  const vriKey = createHash('sha1').update(contents.bytes).digest('hex').toUpperCase();
  const leaves: Certificate[] = [];
  const certificates = [...sd.certificates];
  let provenAt: Date | undefined;
  const proves = (genTime: Date) => {
    if (!provenAt || genTime > provenAt) provenAt = genTime;
  };
  if (sd.contentType === OID.tstInfo) {
    try {
      proves(parseTimestampToken(contents.bytes).genTime);
    } catch {
      // Not a well-formed token: the verifier reports it; no time to be fresh for.
    }
  }
  for (const si of sd.signerInfos) {
    const signer = findSignerCertificate(sd, si);
    if (signer) leaves.push(signer);
    for (const node of si.unsignedAttrs.get(OID.signatureTimeStampToken) ?? []) {
      try {
        const parsed = parseTimestampToken(raw(node));
        const token = parsed.signedData;
        proves(parsed.genTime);
        certificates.push(...token.certificates);
        for (const tsi of token.signerInfos) {
          const tsa = findSignerCertificate(token, tsi);
          if (tsa) leaves.push(tsa);
        }
      } catch {
        // A damaged token is the verifier's finding to report, not a reason to stop adding LTV data.
      }
    }
  }
  return { fieldName, vriKey, leaves, certificates, provenAt };
}

type Revocation =
  | { kind: 'ocsp'; der: Uint8Array; responders: readonly Certificate[] }
  | { kind: 'crl'; der: Uint8Array };

/**
 * OCSP for end-entity certificates and CRLs for CAs (ETSI EN 319 142-1 5.4.2), each falling back to the
 * other; asked once per certificate per call. OCSP responder certificates join the pool.
 */
function memoRevocation(
  source: RevocationSource,
  pool: CertPool,
  producedAfter: Date | undefined,
): (cert: Certificate, issuer: Certificate) => Promise<Revocation | undefined> {
  const memo = new Map<string, Promise<Revocation | undefined>>();
  const ocsp = async (cert: Certificate, issuer: Certificate): Promise<Revocation | undefined> => {
    const der = await source.ocsp(cert, issuer, producedAfter);
    if (!der) return undefined;
    let responders: Certificate[] = [];
    try {
      responders = parseOcspResponse(der).basic?.certificates ?? [];
    } catch {
      // Embedded as received; judging the response is the verifier's job.
    }
    pool.add(...responders);
    return { kind: 'ocsp', der, responders };
  };
  const crl = async (cert: Certificate, issuer: Certificate): Promise<Revocation | undefined> => {
    const der = await source.crl(cert, issuer, producedAfter);
    return der ? { kind: 'crl', der } : undefined;
  };
  return (cert, issuer) => {
    const key = cert.fingerprint();
    let p = memo.get(key);
    if (!p) {
      p = cert.basicConstraints?.ca
        ? crl(cert, issuer).then((r) => r ?? ocsp(cert, issuer))
        : ocsp(cert, issuer).then((r) => r ?? crl(cert, issuer));
      memo.set(key, p);
    }
    return p;
  };
}

function readStore(doc: PdfDocument, value: PdfObject | undefined): Store {
  const arr = doc.resolve(value);
  const store: Store = { refs: [], byHash: new Map() };
  for (const item of Array.isArray(arr) ? arr : []) {
    store.refs.push(item);
    const stream = doc.resolve(item);
    if (isStream(stream)) {
      try {
        store.byHash.set(sha256Hex(doc.decodeStream(stream)), item);
      } catch {
        // An unreadable existing entry is kept as it is and never matched.
      }
    }
  }
  return store;
}

const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Every document of a batch carries the same certificates, OCSP responses and CRLs: each is deflated
 * once per process (by its SHA-256), not once per document. Bounded; a full cache starts over.
 */
const deflated = new Map<string, Uint8Array>();
const MAX_DEFLATED = 512;

function compressedOnce(sha256: string, der: Uint8Array): PdfStream {
  let bytes = deflated.get(sha256);
  if (!bytes) {
    if (deflated.size >= MAX_DEFLATED) deflated.clear();
    bytes = flateStream(new PdfDict(), der).data;
    deflated.set(sha256, bytes);
  }
  const dict = new PdfDict();
  dict.set('Filter', PdfName.of('FlateDecode'));
  return new PdfStream(dict, bytes);
}
