import type { KeyObject } from 'node:crypto';
import { OID } from '../asn1/oids.ts';
import { issueCrl, type RevokedEntry } from '../crl/issue-crl.ts';
import type { RevocationReason } from '../crl/revocation-reason.ts';
import { PkiError } from '../errors.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import type { DistinguishedName } from '../x509/name.ts';
import { addYears, CRL_VALIDITY_MS, VALIDITY_YEARS } from './pki-policy.ts';
import {
  type CaName,
  issuedRecord,
  type PkiState,
  readStateSync,
  stateStamp,
  writeState,
} from './pki-state.ts';
import { pkiUrls } from './pki-urls.ts';

export interface PkiEntity {
  certificate: Certificate;
  privateKey: KeyObject;
  signer: Signer;
}

export type RevocationStatus =
  | { status: 'good' }
  | { status: 'revoked'; revokedAt: Date; reason?: RevocationReason }
  | { status: 'unknown' };

/**
 * Whose key a certificate certifies, written as its certificate policy (OID.policy*): a seal's, a
 * person's own key, or an event certificate's one-time key made by the platform.
 */
export type SignerKind = 'seal' | 'person' | 'event';

const POLICY: Record<SignerKind, string> = {
  seal: OID.policySeal,
  person: OID.policyPersonHeldKey,
  event: OID.policyEventCertificate,
};

/** The signer kind a certificate's policies name, if any of ours. */
export function signerKindOf(cert: Certificate): SignerKind | undefined {
  return (Object.keys(POLICY) as SignerKind[]).find((k) => cert.policies.includes(POLICY[k]));
}

export interface IssueRequest {
  profile: 'seal' | 'person';
  /** person profile only: an event certificate rather than a person's own key. Default false. */
  event?: boolean;
  subject: DistinguishedName;
  publicKey: KeyObject;
  email?: string;
  /** Default: 3 years. Never beyond the issuing CA's own notAfter. */
  validDays?: number;
  now?: Date;
}

export interface Pki {
  dir: string;
  baseUrl: string;
  root: PkiEntity;
  issuing: PkiEntity;
  tsa: PkiEntity;
  ocsp: PkiEntity;
  /** The demo seal certificate + key. */
  demoSeal: PkiEntity;
  /** Issue a seal or person certificate from the issuing CA, persisted (serial recorded). */
  issue(req: IssueRequest): Promise<Certificate>;
  /** Persisted in DIR; throws ERR_CERT_INVALID for a serial this PKI did not issue. */
  revoke(serialNumber: bigint, reason: RevocationReason, at?: Date): Promise<void>;
  /** 'unknown' when not issued (signed and recorded) by the root or issuing CA. */
  revocationStatus(cert: Certificate): RevocationStatus;
  /** The same by serial number, as an OCSP request asks: 'unknown' for a serial `ca` never issued. */
  revocationStatusBySerial(ca: CaName, serialNumber: bigint): RevocationStatus;
  /**
   * Fresh CRL DER, cached until half its validity has passed. With `issuedAtOrAfter`, a cached CRL
   * whose (whole-second) thisUpdate is older is not reused: DSS data must postdate the signature's
   * timestamp (ETSI EN 319 102-1 5.2.5.4).
   */
  crl(ca: CaName, now?: Date, issuedAtOrAfter?: Date): Promise<Uint8Array>;
}

interface CachedCrl {
  der: Uint8Array;
  thisUpdate: number;
  refreshAt: number;
}

const DAY_MS = 86_400_000;

/**
 * The on-disk PKI once loaded: state lives in memory and every change is written to pki.json. Other
 * processes (the CLI issuing while `pki serve` runs) may write pki.json too, so the state is re-read
 * whenever the file changed since this process last read or wrote it.
 */
export class DiskPki implements Pki {
  readonly dir: string;
  readonly baseUrl: string;
  readonly root: PkiEntity;
  readonly issuing: PkiEntity;
  readonly tsa: PkiEntity;
  readonly ocsp: PkiEntity;
  readonly demoSeal: PkiEntity;
  #state: PkiState;
  #stamp: string;
  /** `${ca}:${serialHex}` of every certificate this PKI issued. */
  #issued = new Set<string>();
  readonly #crls = new Map<CaName, CachedCrl>();
  readonly #crlsInFlight = new Map<CaName, { job: Promise<Uint8Array>; thisUpdate: number }>();
  /** Bumped by every revocation, so a CRL built before it is not cached after it. */
  #revision = 0;
  /** Serialises pki.json writes; each write saves the latest state. */
  #writing: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    state: PkiState,
    entities: Record<'root' | 'issuing' | 'tsa' | 'ocsp' | 'demoSeal', PkiEntity>,
  ) {
    this.dir = dir;
    this.baseUrl = state.baseUrl;
    this.#state = state;
    this.#stamp = stateStamp(dir);
    this.root = entities.root;
    this.issuing = entities.issuing;
    this.tsa = entities.tsa;
    this.ocsp = entities.ocsp;
    this.demoSeal = entities.demoSeal;
    this.#index();
  }

  #index(): void {
    this.#issued = new Set(this.#state.issued.map((r) => `${r.ca}:${r.serial}`));
  }

  /** Re-reads pki.json when another process wrote it; drops CRLs built from the old state. */
  #refresh(): void {
    const stamp = stateStamp(this.dir);
    if (stamp === this.#stamp) return;
    this.#state = readStateSync(this.dir);
    this.#stamp = stamp;
    this.#index();
    this.#revision++;
    this.#crls.clear();
  }

  async issue(req: IssueRequest): Promise<Certificate> {
    this.#refresh();
    const now = req.now ?? new Date();
    const requested =
      req.validDays === undefined
        ? addYears(now, VALIDITY_YEARS.seal)
        : new Date(now.getTime() + req.validDays * DAY_MS);
    const caEnd = this.issuing.certificate.notAfter;
    const urls = pkiUrls(this.baseUrl);
    const cert = await issueCertificate({
      profile: req.profile,
      subject: req.subject,
      subjectPublicKey: req.publicKey,
      issuer: { certificate: this.issuing.certificate, signer: this.issuing.signer },
      notBefore: now,
      notAfter: requested.getTime() > caEnd.getTime() ? caEnd : requested,
      ocspUrl: urls.ocsp,
      crlUrl: urls.crl.issuing,
      caIssuersUrl: urls.caIssuers.issuing,
      email: req.email,
      policies: [POLICY[req.profile === 'seal' ? 'seal' : req.event ? 'event' : 'person']],
    });
    const record = issuedRecord('issuing', cert, req.profile);
    this.#state.issued.push(record);
    this.#issued.add(`issuing:${record.serial}`);
    await this.#persist();
    return cert;
  }

  async revoke(serialNumber: bigint, reason: RevocationReason, at: Date = new Date()): Promise<void> {
    this.#refresh();
    const serial = serialNumber.toString(16);
    const issued = this.#state.issued.find((r) => r.serial === serial);
    if (!issued) throw new PkiError('ERR_CERT_INVALID', `serial ${serial} was not issued by this PKI`);
    // A later revocation replaces an earlier one (e.g. certificateHold made permanent).
    const others = this.#state.revocations.filter((r) => r.serial !== serial);
    this.#state.revocations = [...others, { serial, ca: issued.ca, revokedAt: at.toISOString(), reason }];
    this.#revision++;
    this.#crls.delete(issued.ca);
    await this.#persist();
  }

  revocationStatus(cert: Certificate): RevocationStatus {
    const ca = this.#issuerOf(cert);
    return ca ? this.revocationStatusBySerial(ca, cert.serialNumber) : { status: 'unknown' };
  }

  revocationStatusBySerial(ca: CaName, serialNumber: bigint): RevocationStatus {
    this.#refresh();
    const serial = serialNumber.toString(16);
    if (!this.#issued.has(`${ca}:${serial}`)) return { status: 'unknown' };
    const r = this.#state.revocations.find((x) => x.ca === ca && x.serial === serial);
    if (!r) return { status: 'good' };
    return r.reason
      ? { status: 'revoked', revokedAt: new Date(r.revokedAt), reason: r.reason }
      : { status: 'revoked', revokedAt: new Date(r.revokedAt) };
  }

  crl(ca: CaName, now: Date = new Date(), issuedAtOrAfter?: Date): Promise<Uint8Array> {
    this.#refresh();
    const t = now.getTime();
    // RFC 5280 5.1.2.4: thisUpdate is encoded in whole seconds.
    const recentEnough = (thisUpdate: number) =>
      !issuedAtOrAfter || Math.floor(thisUpdate / 1000) * 1000 >= issuedAtOrAfter.getTime();
    const cached = this.#crls.get(ca);
    if (cached && t >= cached.thisUpdate && t < cached.refreshAt && recentEnough(cached.thisUpdate))
      return Promise.resolve(cached.der);
    const inFlight = this.#crlsInFlight.get(ca);
    if (inFlight && recentEnough(inFlight.thisUpdate)) return inFlight.job;
    const job = this.#issueCrl(ca, now).finally(() => {
      if (this.#crlsInFlight.get(ca)?.job === job) this.#crlsInFlight.delete(ca);
    });
    this.#crlsInFlight.set(ca, { job, thisUpdate: t });
    return job;
  }

  #issuerOf(cert: Certificate): CaName | undefined {
    if (cert.isIssuedBy(this.issuing.certificate)) return 'issuing';
    if (cert.isIssuedBy(this.root.certificate) && !cert.isSelfIssued()) return 'root';
    return undefined;
  }

  async #issueCrl(ca: CaName, now: Date): Promise<Uint8Array> {
    const entity = ca === 'root' ? this.root : this.issuing;
    const revision = this.#revision;
    const crlNumber = BigInt(this.#state.crlNumbers[ca]) + 1n;
    this.#state.crlNumbers[ca] = crlNumber.toString();
    const revoked: RevokedEntry[] = this.#state.revocations
      .filter((r) => r.ca === ca)
      .map((r) => ({
        serialNumber: BigInt(`0x${r.serial}`),
        revokedAt: new Date(r.revokedAt),
        reason: r.reason,
      }));
    const validity = CRL_VALIDITY_MS[ca];
    const der = await issueCrl({
      issuer: entity.certificate,
      signer: entity.signer,
      revoked,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + validity),
      crlNumber,
    });
    // Persist the new cRLNumber before publishing, so a restart never reuses it (RFC 5280 5.2.3).
    await this.#persist();
    // A CRL issued meanwhile for a later time stays cached.
    if (revision === this.#revision && (this.#crls.get(ca)?.thisUpdate ?? -Infinity) <= now.getTime()) {
      this.#crls.set(ca, { der, thisUpdate: now.getTime(), refreshAt: now.getTime() + validity / 2 });
    }
    return der;
  }

  #persist(): Promise<void> {
    const write = this.#writing.then(async () => {
      await writeState(this.dir, this.#state);
      this.#stamp = stateStamp(this.dir);
    });
    // A failed write must not block later ones; the caller still sees its own failure.
    this.#writing = write.catch(() => undefined);
    return write;
  }
}
