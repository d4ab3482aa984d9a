import { createHmac } from 'node:crypto';
import { decryptSecretText, encryptSecretText } from '../../plugins/keys.ts';

/**
 * Account secrets kept under the KEK: TOTP keys and reset codes encrypted, recovery codes keyed-hashed,
 * so a copy of the database alone yields none of them. The KEK is read on first use, so a server that
 * never enrols a second factor never needs one.
 */
export interface SecretBox {
  seal(owner: string, plain: string): string;
  open(owner: string, boxed: string): string;
  /** HMAC-SHA256 under a key derived from the KEK: brute-forcing a stored hash needs the KEK. */
  digest(purpose: string, value: string): string;
  isSealed(value: string): boolean;
}

export function kekSecretBox(loadKek: () => Uint8Array): SecretBox {
  let kek: Uint8Array | undefined;
  const key = () => {
    kek ??= loadKek();
    return kek;
  };
  return {
    seal: (owner, plain) => encryptSecretText(key(), plain, owner),
    open: (owner, boxed) => decryptSecretText(key(), boxed, owner),
    digest: (purpose, value) => {
      const macKey = createHmac('sha256', key()).update(`openseal ${purpose} digest key`).digest();
      return createHmac('sha256', macKey).update(value).digest('hex');
    },
    isSealed: (value) => value.startsWith('v1:'),
  };
}

/** The associated data binding a TOTP secret to its user's row. */
export const totpOwner = (userId: string) => `totp:${userId}`;
