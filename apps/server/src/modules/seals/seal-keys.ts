import type { KeyObject } from 'node:crypto';
import type { SealKeyAlgorithm, SealKeySource, SealKeyStore } from '@openseal/contract';
import {
  type Certificate,
  destroyTokenKey,
  generateKeyPairAsync,
  generateTokenKeyPair,
  type NameAttribute,
  PkiError,
} from '@openseal/pki';
import { AppError, packageRefusal } from '../../errors.ts';
import { encryptKeyEnvelope } from '../../plugins/keys.ts';
import type { ImportedSealKey } from './pkcs12-import.ts';
import { pkiForAlgorithm } from './seal-pki.ts';
import type { StoredSealKey } from './seal-use-rows.ts';
import type { SealsContext } from './seals-context.ts';

/** What a new electronic seal stores: its certificate and, for software keys, the key envelope. */
export interface ProvisionedSealKey {
  certificate: Certificate;
  keyStore: SealKeyStore;
  envelope: Uint8Array | null;
  /** A dual seal's (双算法) companion SM2 key: certificate from the SM2 hierarchy, software envelope. */
  sm2: { certificate: Certificate; envelope: Uint8Array } | null;
}

/** CKA_LABEL of a seal's key pair in the PKCS#11 token. */
export const tokenKeyLabel = (sealId: string): string => `openseal-seal-${sealId}`;

/**
 * The owner a dual seal's companion SM2 envelope is bound to (its AAD), distinct from the seal's own
 * so neither envelope opens as the other.
 */
export const sm2CompanionOwner = (sealId: string): string => `${sealId}:sm2`;

/**
 * The algorithm a generated key will have (default ECDSA P-256). The PKCS#11 path generates and signs
 * ECDSA only, so SM2 (alone or in a dual seal) in the token is refused (ERR_SEAL_KEY_ALGORITHM) before
 * anything is generated.
 */
export function generatedKeyAlgorithm(source: GeneratedKeySource): SealKeyAlgorithm {
  const algorithm = source.algorithm ?? 'ecdsa-p256';
  if (algorithm !== 'ecdsa-p256' && source.store === 'pkcs11') throw new AppError('ERR_SEAL_KEY_ALGORITHM');
  return algorithm;
}

/**
 * Makes a new seal's key and certificate: a P-256 or SM2 key generated here (envelope-encrypted under
 * the KEK) or a P-256 key inside the PKCS#11 token (never leaves it), with a certificate for `subject`
 * from the issuing CA of the key's hierarchy (seal-pki.ts); a dual seal gets a P-256 key and an SM2
 * key, each certified by its own hierarchy for the same subject; or the key and certificate of an
 * imported PKCS#12 file, the key then envelope-encrypted.
 */
export async function provisionSealKey(
  ctx: SealsContext,
  sealId: string,
  source: GeneratedKeySource | ImportedKeySource,
  subject: NameAttribute[],
): Promise<ProvisionedSealKey> {
  const { kek } = ctx;
  if (!ctx.pki || !kek) throw new AppError('ERR_PKI_UNAVAILABLE');
  const now = ctx.clock();
  if (source.source === 'imported') {
    return {
      certificate: source.key.certificate,
      keyStore: 'software',
      envelope: encryptKeyEnvelope(kek, source.key.privateKey, sealId, ctx.cryptoMode),
      sm2: null,
    };
  }
  const store = source.store ?? 'software';
  const algorithm = generatedKeyAlgorithm(source);
  const dual = algorithm === 'dual';
  const pki = pkiForAlgorithm(ctx, dual ? 'ecdsa-p256' : algorithm);
  // Both hierarchies are checked before any key is made or certified.
  const sm2Pki = dual ? pkiForAlgorithm(ctx, 'sm2') : null;
  let publicKey: KeyObject;
  let envelope: Uint8Array | null = null;
  if (store === 'pkcs11') {
    publicKey = inToken(ctx, (token) => generateTokenKeyPair(token, tokenKeyLabel(sealId)));
  } else {
    const keys = await generateKeyPairAsync(dual ? 'ecdsa-p256' : algorithm);
    publicKey = keys.publicKey;
    envelope = encryptKeyEnvelope(kek, keys.privateKey, sealId, ctx.cryptoMode);
  }
  const certificate = await pki.issue({ profile: 'seal', subject, publicKey, now });
  if (!sm2Pki) return { certificate, keyStore: store, envelope, sm2: null };
  const sm2Keys = await generateKeyPairAsync('sm2');
  return {
    certificate,
    keyStore: store,
    envelope,
    sm2: {
      certificate: await sm2Pki.issue({ profile: 'seal', subject, publicKey: sm2Keys.publicKey, now }),
      envelope: encryptKeyEnvelope(kek, sm2Keys.privateKey, sm2CompanionOwner(sealId), ctx.cryptoMode),
    },
  };
}

/** A key generated for the seal, in the software store or the PKCS#11 token. */
export type GeneratedKeySource = Extract<SealKeySource, { source: 'generate' }>;

/** A key already read from PKCS#12 (read when the import was requested; the request is now approved). */
export interface ImportedKeySource {
  source: 'imported';
  key: ImportedSealKey;
}

/** Destroys a token key (a software key is destroyed by clearing its envelope in the same transaction). */
export function destroySealKey(ctx: SealsContext, seal: Pick<StoredSealKey, 'id' | 'key_store'>): void {
  if (seal.key_store === 'pkcs11') inToken(ctx, (token) => destroyTokenKey(token, tokenKeyLabel(seal.id)));
}

/** Runs `work` on the configured PKCS#11 token; its failures are ERR_HSM_UNAVAILABLE. */
export function inToken<T>(ctx: SealsContext, work: (token: NonNullable<SealsContext['pkcs11']>) => T): T {
  if (!ctx.pkcs11) throw new AppError('ERR_HSM_UNAVAILABLE', 'no PKCS#11 token is configured');
  try {
    return work(ctx.pkcs11);
  } catch (e) {
    // The token's CKR_ code, never the PIN, is in the message.
    if (e instanceof PkiError) throw packageRefusal('keyStore', e);
    throw e;
  }
}
