// An issued document's seals: the certification signature (DocMDP P=2, PAdES B-LT) at the issuer's
// place, then the optional counter-seal signed into an empty field the certification reserved for it
// (P=2 allows filling, not adding, fields). A dual seal (双算法) adds its SM2 signature after its own,
// into a field reserved alongside. No database and no keys here: it runs in renderer
// threads and signatures are asked of SealServices.
import { type SignOptions, sign, signDual } from '@openseal/pdf-sign';
import { Certificate } from '@openseal/pki';
import type { SealServices } from './seal-services.ts';
import type { SealUse } from './seal-use.ts';
import { renderSignFailure } from './sealing-errors.ts';

/** The counter-seal's signature field, reserved empty by the certification signature. */
const COUNTER_FIELD = 'CounterSeal';
/** A dual counter-seal's SM2 signature field, reserved with it. */
const COUNTER_SM2_FIELD = 'CounterSeal-SM2';

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
    const credentials = (use: SealUse) => ({ signer: services.signer(use), ...certificatesOf(use) });
    const common = {
      timestamper: services.timestamper,
      revocation: services.revocation,
      reason,
    };
    const clock = services.clock ? { clock: services.clock } : {};
    /**
     * One seal's signature at B-LT; a dual seal's (双算法) SM2 signature follows it invisibly, in
     * `sm2Field` when a certification reserved one (P=2 allows filling, not adding, fields).
     */
    const sealWith = (
      bytes: Uint8Array,
      use: SealUse,
      extra: Pick<SignOptions, 'certify' | 'placement' | 'fieldName' | 'reserveFields'>,
      sm2Field?: string,
    ) => {
      if (!use.sm2) {
        return sign(bytes, credentials(use), {
          level: 'B-LT',
          seal: use.appearance,
          ...common,
          ...clock,
          ...extra,
        });
      }
      const { certify, ...rest } = extra;
      return signDual(bytes, {
        level: 'B-LT',
        ...clock,
        primary: {
          credentials: credentials(use),
          seal: use.appearance,
          ...common,
          ...rest,
          ...(certify === 2 || certify === 3 ? { certify } : {}),
        },
        sm2: { credentials: credentials(use.sm2), ...common, ...(sm2Field ? { fieldName: sm2Field } : {}) },
      });
    };
    try {
      // ISO 32000-2 12.8.2.2: the certification signature must be the document's first signature.
      const certified = await sealWith(pdf, issuer.use, {
        certify: 2,
        placement: placement(issuer.at),
        ...(counter && {
          reserveFields: [
            { name: COUNTER_FIELD, seal: counter.use.appearance, placement: placement(counter.at) },
            ...(counter.use.sm2 ? [{ name: COUNTER_SM2_FIELD }] : []),
          ],
        }),
      });
      if (!counter) return certified;
      return await sealWith(
        certified,
        counter.use,
        { fieldName: COUNTER_FIELD, placement: placement(counter.at) },
        COUNTER_SM2_FIELD,
      );
    } catch (e) {
      throw renderSignFailure(e);
    }
  };
}
