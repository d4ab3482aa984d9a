// Certificates gathered from signatures, tokens, responses and the caller, to build chains leaf → root.

import type { Certificate } from '@openseal/pki';

/** A chain longer than this is treated as a loop rather than followed. */
const MAX_CHAIN = 10;

export class CertPool {
  private readonly bySubject = new Map<string, Certificate[]>();
  private readonly fingerprints = new Set<string>();

  add(...certs: readonly Certificate[]): void {
    for (const c of certs) {
      const fp = c.fingerprint();
      if (this.fingerprints.has(fp)) continue;
      this.fingerprints.add(fp);
      const key = Buffer.from(c.subjectDer).toString('hex');
      const list = this.bySubject.get(key);
      if (list) list.push(c);
      else this.bySubject.set(key, [c]);
    }
  }

  /** The certificate whose key signed `cert` (name match, then signature check), if known. */
  issuerOf(cert: Certificate): Certificate | undefined {
    const candidates = this.bySubject.get(Buffer.from(cert.issuerDer).toString('hex')) ?? [];
    return candidates.find((c) => c !== cert && cert.isIssuedBy(c));
  }

  /** `leaf` then its issuers, as far as the pool reaches (ending at a self-issued root when known). */
  chain(leaf: Certificate): Certificate[] {
    const out = [leaf];
    for (let c = leaf; out.length < MAX_CHAIN && !c.isSelfIssued(); ) {
      const issuer = this.issuerOf(c);
      if (!issuer || out.includes(issuer)) break;
      out.push(issuer);
      c = issuer;
    }
    return out;
  }
}
