// One stamp at PAdES B-T on the in-process path (seal use, an approved request's stamping): the seal's
// visible signature, and for a dual seal (双算法) the invisible SM2 signature after it (signDual), each
// timestamped by its own hierarchy's TSA (the timestamper routes SM3 imprints to the SM2 TSA).
import { type Placement, type SealSpec, type SignatureMark, sign, signDual } from '@openseal/pdf-sign';
import { AppError } from '../../errors.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import type { SigningSealRow } from '../seals/seal-use-rows.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import { openSealSigner, openSm2CompanionSigner } from './open-signer.ts';
import { sealCertificates } from './seal-certificates.ts';

export interface Stamp {
  pdf: Uint8Array;
  seal: SealSpec;
  placement: Placement;
  /** Further marks of the same signature (a signing date in its box). */
  marks?: readonly SignatureMark[];
  reason: string;
}

/** `stamp.pdf` sealed with `seal`'s key(s); the keys are closed again before it returns. */
export async function stampWithSeal(
  ctx: SealsContext,
  seal: SigningSealRow,
  stamp: Stamp,
): Promise<Uint8Array> {
  const { timestamper } = ctx;
  if (!timestamper || !seal.certificate) throw new AppError('ERR_PKI_UNAVAILABLE');
  const pkis = sealPkis(ctx);
  const signer = openSealSigner(ctx, seal);
  try {
    const primary = { signer, ...sealCertificates(pkis, seal.certificate) };
    const words = { reason: stamp.reason };
    if (!seal.sm2_certificate) {
      return await sign(stamp.pdf, primary, {
        level: 'B-T',
        timestamper,
        seal: stamp.seal,
        placement: stamp.placement,
        marks: stamp.marks,
        clock: ctx.clock,
        ...words,
      });
    }
    const sm2Signer = openSm2CompanionSigner(ctx, seal);
    try {
      return await signDual(stamp.pdf, {
        level: 'B-T',
        clock: ctx.clock,
        primary: {
          credentials: primary,
          timestamper,
          seal: stamp.seal,
          placement: stamp.placement,
          marks: stamp.marks,
          ...words,
        },
        sm2: {
          credentials: { signer: sm2Signer, ...sealCertificates(pkis, seal.sm2_certificate) },
          timestamper,
          ...words,
        },
      });
    } finally {
      sm2Signer.close();
    }
  } finally {
    signer.close();
  }
}
