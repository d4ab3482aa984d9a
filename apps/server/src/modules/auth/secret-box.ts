import { createHmac } from 'node:crypto';
import type { CryptoMode } from '@openseal/pki';
import { decryptSecretText, encryptSecretText, secretTextMode } from '../../plugins/keys.ts';

/**
 * Account secrets kept under the KEK: TOTP keys and reset codes encrypted, recovery codes keyed-hashed,
 * so a copy of the database alone yields none of them. The KEK is read on first use, so a server that
 * never enrols a second factor never needs one. Secrets are sealed in the crypto mode (AES-256-GCM, or
 * SM4 in gm) and opened in either, so a switch loses none (secret-rewrite.ts moves them over at start).
 */
export interface SecretBox {
  /** The mode new secrets are sealed in. */
  readonly mode: CryptoMode;
  seal(owner: string, plain: string): string;
  open(owner: string, boxed: string): string;
  /** HMAC-SHA256 under a key derived from the KEK: brute-forcing a stored hash needs the KEK. */
  digest(purpose: string, value: string): string;
  /** The mode a stored value was sealed in; undefined for plain text. */
  sealedIn(value: string): CryptoMode | undefined;
}

export function kekSecretBox(loadKek: () => Uint8Array, mode: CryptoMode = 'standard'): SecretBox {
  let kek: Uint8Array | undefined;
  const key = () => {
    kek ??= loadKek();
    return kek;
  };
  return {
    mode,
    seal: (owner, plain) => encryptSecretText(key(), plain, owner, mode),
    open: (owner, boxed) => decryptSecretText(key(), boxed, owner),
    digest: (purpose, value) => {
      const macKey = createHmac('sha256', key()).update(`openseal ${purpose} digest key`).digest();
      return createHmac('sha256', macKey).update(value).digest('hex');
    },
    sealedIn: secretTextMode,
  };
}

/** The associated data binding a TOTP secret to its user's row. */
export const totpOwner = (userId: string) => `totp:${userId}`;
