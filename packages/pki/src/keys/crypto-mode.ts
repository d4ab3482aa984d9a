/**
 * Which algorithms protect keys at rest: `standard` (PKCS#8 under PBES2/scrypt/AES-256-CBC, KEK envelopes
 * in AES-256-GCM) or `gm` (国密: SM4-CBC + HMAC-SM3, see sm4-box.ts). A deployment picks one; keys found in
 * the other are still read, and rewritten in the chosen one.
 */
export const CRYPTO_MODES = ['standard', 'gm'] as const;

export type CryptoMode = (typeof CRYPTO_MODES)[number];

export function isCryptoMode(value: string): value is CryptoMode {
  return (CRYPTO_MODES as readonly string[]).includes(value);
}
