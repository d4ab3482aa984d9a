import { openPkcs11Signer, type Signer, softwareSigner } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { inToken, sm2CompanionOwner, tokenKeyLabel } from '../seals/seal-keys.ts';
import type { StoredSealKey, StoredSm2CompanionKey } from '../seals/seal-use-rows.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import { openedKey } from './opened-keys.ts';

/** An opened seal key; close it after signing (it holds a token session for PKCS#11 keys). */
export type SealSigner = Signer & { close(): void };

/**
 * The seal's key as a signer: a session on the PKCS#11 token (the key never leaves it) or the
 * envelope decrypted under the KEK (kept a few minutes: opened-keys.ts). With openSm2CompanionSigner, the only place a seal's private key
 * is opened.
 */
export function openSealSigner(ctx: SealsContext, seal: StoredSealKey): SealSigner {
  if (seal.key_store === 'pkcs11') {
    return inToken(ctx, (token) =>
      openPkcs11Signer({ ...token, keyLabel: tokenKeyLabel(seal.id), keyType: 'ec' }),
    );
  }
  if (!ctx.kek || !seal.key_envelope) throw new AppError('ERR_PKI_UNAVAILABLE');
  return { ...softwareSigner(openedKey(ctx.kek, seal.key_envelope, seal.id)), close() {} };
}

/** A dual seal's (双算法) companion SM2 key as a signer: its envelope decrypted under the KEK. */
export function openSm2CompanionSigner(ctx: SealsContext, seal: StoredSm2CompanionKey): SealSigner {
  if (!ctx.kek || !seal.sm2_key_envelope) throw new AppError('ERR_PKI_UNAVAILABLE');
  const key = openedKey(ctx.kek, seal.sm2_key_envelope, sm2CompanionOwner(seal.id));
  return { ...softwareSigner(key), close() {} };
}
