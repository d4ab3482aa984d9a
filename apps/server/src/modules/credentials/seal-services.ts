// Main thread only: the one place credential signatures touch seal keys. Renderers (worker threads or
// in-process) ask for a signer by seal; the key is opened here, cached a few minutes, and never leaves.
import { pkiRevocationSource, type RevocationSource } from '@openseal/pdf-sign';
import { Certificate, type Signer, signatureAlgorithmIdentifier, type Timestamper } from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { openSealSigner } from '../sealing/open-signer.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import type { SealUse } from './render-task.ts';

export interface SealServices {
  signer(seal: SealUse): Signer;
  timestamper: Timestamper;
  revocation: RevocationSource;
  clock?: () => Date;
}

/** How long an opened seal key is kept. A seal suspended meanwhile is refused when the credential is stored. */
const SIGNER_TTL_MS = 5 * 60_000;

interface OpenedSigner {
  signer: Promise<Signer & { close(): void }>;
  openedAt: number;
  /** Signatures under way: an expired signer is closed once they finish. */
  busy: number;
  expired: boolean;
}

/**
 * The seal services of a running server. Each seal's key is opened on its first signature (decrypted
 * envelope or PKCS#11 session) and reused for a few minutes, so a batch does not unwrap the key per
 * document; close() releases them all. Seal keys are ECDSA or RSA with SHA-256 (seal-keys.ts).
 */
export function sealServicesFor(seals: SealsContext): SealServices & { close(): void } {
  const { pki, timestamper } = seals;
  if (!pki || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const clock = seals.clock;
  const opened = new Map<string, OpenedSigner>();

  const closeWhenIdle = (entry: OpenedSigner) => {
    entry.expired = true;
    if (entry.busy === 0) entry.signer.then((s) => s.close()).catch(() => {});
  };

  const openKey = async (sealId: string) => {
    const row = await seals.db
      .selectFrom('seals')
      .select(['id', 'key_store', 'key_envelope'])
      .where('id', '=', sealId)
      .executeTakeFirst();
    if (!row?.key_store) throw new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', `seal ${sealId} has no key`);
    return openSealSigner(seals, row);
  };

  const keyTypes = new Map<string, 'rsa' | 'ec'>();
  const keyTypeOf = (seal: SealUse): 'rsa' | 'ec' => {
    let t = keyTypes.get(seal.sealId);
    if (!t) {
      const parsed = Certificate.fromDer(seal.certificate).keyType;
      if (parsed === 'other') throw new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', 'unsupported seal key');
      t = parsed;
      keyTypes.set(seal.sealId, t);
    }
    return t;
  };

  const current = (sealId: string): OpenedSigner => {
    const now = clock().getTime();
    const hit = opened.get(sealId);
    if (hit && !hit.expired && now - hit.openedAt < SIGNER_TTL_MS) return hit;
    if (hit) {
      opened.delete(sealId);
      closeWhenIdle(hit);
    }
    const entry: OpenedSigner = { signer: openKey(sealId), openedAt: now, busy: 0, expired: false };
    // A failed open is not cached: the next signature tries again.
    entry.signer.catch(() => opened.get(sealId) === entry && opened.delete(sealId));
    opened.set(sealId, entry);
    return entry;
  };

  return {
    timestamper,
    revocation: pkiRevocationSource(pki, { clock }),
    clock,
    signer(seal: SealUse): Signer {
      const keyType = keyTypeOf(seal);
      return {
        keyType,
        digestAlgorithm: 'sha256',
        signatureAlgorithm: signatureAlgorithmIdentifier(keyType, 'sha256'),
        async sign(data) {
          const entry = current(seal.sealId);
          entry.busy += 1;
          try {
            return await (await entry.signer).sign(data);
          } finally {
            entry.busy -= 1;
            if (entry.expired && entry.busy === 0) closeWhenIdle(entry);
          }
        },
      };
    },
    close() {
      for (const entry of opened.values()) closeWhenIdle(entry);
      opened.clear();
    },
  };
}
