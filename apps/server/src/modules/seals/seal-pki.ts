// Which of the server's two hierarchies a seal belongs to: SM2 keys are certified by the SM2 PKI,
// RSA and ECDSA keys by the first one. Revocation, chains and trust follow the hierarchy that issued.
import type { SealKeyAlgorithm } from '@openseal/contract';
import type { Certificate, Pki } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import type { SealsContext } from './seals-context.ts';

/** The loaded hierarchies, the first (RSA/ECDSA) one first. */
export function sealPkis(ctx: Pick<SealsContext, 'pki' | 'sm2Pki'>): Pki[] {
  return [ctx.pki, ctx.sm2Pki].filter((p): p is Pki => p !== undefined);
}

/** The hierarchy that certifies new keys of `algorithm`; ERR_PKI_UNAVAILABLE when it is not loaded. */
export function pkiForAlgorithm(
  ctx: Pick<SealsContext, 'pki' | 'sm2Pki'>,
  algorithm: Exclude<SealKeyAlgorithm, 'dual'>,
): Pki {
  const pki = algorithm === 'sm2' ? ctx.sm2Pki : ctx.pki;
  if (!pki) throw new AppError('ERR_PKI_UNAVAILABLE');
  return pki;
}

/** The hierarchy whose issuing CA issued `cert`; none for an imported certificate of another CA. */
export function issuingPkiOf(ctx: Pick<SealsContext, 'pki' | 'sm2Pki'>, cert: Certificate): Pki | undefined {
  return sealPkis(ctx).find((p) => cert.isIssuedBy(p.issuing.certificate));
}
