// An issued document's seals: the certification signature (DocMDP P=2, PAdES B-LT) at the issuer's
// place, then the optional counter-seal signed into an empty field the certification reserved for it
// (P=2 allows filling, not adding, fields). No database and no keys here: it runs in renderer
// threads and signatures are asked of SealServices.
import { type SignOptions, sign } from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import type { SealServices } from './seal-services.ts';
import type { SealUse } from './seal-use.ts';
import { renderSignFailure } from './sealing-errors.ts';

/** The counter-seal's signature field, reserved empty by the certification signature. */
const COUNTER_FIELD = 'CounterSeal';

/** Where a seal goes: a point on a page (PDF user space). */
export interface PagePoint {
  page: number;
  x: number;
  y: number;
}

export interface CertifiedSealing {
  issuer: { use: SealUse; at: PagePoint };
  counter: { use: SealUse; at: PagePoint } | null;
  /** The signatures' /Reason. */
  reason: string;
}

/**
 * Seals `pdf` as `sealing` says. A seal's certificates are parsed once per sealer: renderers reuse one
 * SealUse per seal for every document. Rejects with a RenderError for a file that cannot be sealed.
 */
export function createCertifiedSealer(): (
  pdf: Uint8Array,
  sealing: CertifiedSealing,
  services: SealServices,
) => Promise<Uint8Array> {
  const parsed = new WeakMap<SealUse, { certificate: Certificate; chain: Certificate[] }>();
  const certificatesOf = (use: SealUse) => {
    let hit = parsed.get(use);
    if (!hit) {
      hit = {
        certificate: Certificate.fromDer(use.certificate),
        chain: use.chain.map((der) => Certificate.fromDer(der)),
      };
      parsed.set(use, hit);
    }
    return hit;
  };

  return async (pdf, { issuer, counter, reason }, services) => {
    const placement = (p: PagePoint) => ({ kind: 'page' as const, ...p });
    const sealWith = (bytes: Uint8Array, use: SealUse, extra: Partial<SignOptions>) =>
      sign(
        bytes,
        { signer: services.signer(use), ...certificatesOf(use) },
        {
          level: 'B-LT',
          timestamper: services.timestamper,
          revocation: services.revocation,
          seal: use.appearance,
          reason,
          ...(services.clock ? { clock: services.clock } : {}),
          ...extra,
        },
      );
    try {
      // ISO 32000-2 12.8.2.2: the certification signature must be the document's first signature.
      const certified = await sealWith(pdf, issuer.use, {
        certify: 2,
        placement: placement(issuer.at),
        ...(counter && {
          reserveFields: [
            { name: COUNTER_FIELD, seal: counter.use.appearance, placement: placement(counter.at) },
          ],
        }),
      });
      if (!counter) return certified;
      return await sealWith(certified, counter.use, {
        fieldName: COUNTER_FIELD,
        placement: placement(counter.at),
      });
    } catch (e) {
      throw renderSignFailure(e);
    }
  };
}
