import { randomBytes, scrypt } from 'node:crypto';
import { PkiError } from '../errors.ts';

/** RFC 7914 scrypt parameters, as stored in each key file. */
export interface ScryptParams {
  salt: Uint8Array;
  /** Cost parameter N, a power of two. */
  N: number;
  /** Block size r. */
  r: number;
  /** Parallelisation p. */
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (128 MiB, about half a second here). */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 } as const;

/** Derived key length: AES-256, or SM4 (16) + HMAC-SM3 (16). */
export const DERIVED_KEY_BYTES = 32;

// Files naming more than this would make opening a key a denial of service; scrypt needs 128·N·r bytes.
const MAX_MEMORY = 1024 ** 3;

/** True when parameters read from a file are at least as costly as the ones new files get. */
export function meetsScryptCost(params: ScryptParams): boolean {
  return params.N * params.r >= SCRYPT_COST.N * SCRYPT_COST.r && params.p >= SCRYPT_COST.p;
}

export function checkScryptParams(params: ScryptParams): void {
  const { N, r, p, salt } = params;
  const powerOfTwo = Number.isSafeInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16) || 128 * N * r > MAX_MEMORY) {
    throw new PkiError('ERR_KEY_UNSUPPORTED', `scrypt parameters out of range: N=${N}, r=${r}, p=${p}`);
  }
  if (salt.length < 8) throw new PkiError('ERR_KEY_UNSUPPORTED', 'scrypt salt shorter than 8 bytes');
}

/**
 * Derives file keys from one passphrase, each (salt, parameters) once. The keys of one PKI are written
 * with one salt, so opening all of them costs one scrypt run instead of one per key.
 */
export class PassphraseKdf {
  /** Parameters for files written through this object: one fresh salt for all of them. */
  readonly fresh: ScryptParams = { salt: randomBytes(16), ...SCRYPT_COST };
  /** The same for SM4 envelopes: a salt of their own, so no derived key serves both AES and SM4. */
  readonly freshGm: ScryptParams = { salt: randomBytes(16), ...SCRYPT_COST };
  private readonly derived = new Map<string, Promise<Buffer>>();

  constructor(readonly passphrase: string) {
    if (passphrase.length === 0)
      throw new PkiError('ERR_KEY_PASSPHRASE', 'an empty passphrase would leave the key unprotected');
  }

  derive(params: ScryptParams): Promise<Buffer> {
    checkScryptParams(params);
    const id = `${Buffer.from(params.salt).toString('hex')}/${params.N}/${params.r}/${params.p}`;
    let key = this.derived.get(id);
    if (!key) {
      const { N, r, p } = params;
      const maxmem = 128 * r * (N + 2 + p) + 1024 ** 2; // OpenSSL's V and B arrays, plus slack
      key = new Promise((resolve, reject) =>
        scrypt(this.passphrase, params.salt, DERIVED_KEY_BYTES, { N, r, p, maxmem }, (err, out) =>
          err ? reject(err) : resolve(out),
        ),
      );
      this.derived.set(id, key);
    }
    return key;
  }
}
