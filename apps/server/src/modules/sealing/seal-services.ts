// Main thread only: where the worker path's signatures touch seal keys. Renderers (worker threads or
// in-process) ask for a signer by seal; the key is opened here, cached a few minutes, and never leaves.
import { createHash } from 'node:crypto';
import { pkiRevocationSource, type RevocationSource } from '@openseal/pdf-sign';
import {
  Certificate,
  type Pki,
  type Signer,
  signatureAlgorithmIdentifier,
  type Timestamper,
} from '@openseal/pki';
import { AppError } from '../../errors.ts';
import { sm2CompanionOwner } from '../seals/seal-keys.ts';
import { sealPkis } from '../seals/seal-pki.ts';
import { storedSealKey } from '../seals/seal-use-rows.ts';
import type { SealsContext } from '../seals/seals-context.ts';
import { openSealSigner, openSm2CompanionSigner, type SealSigner } from './open-signer.ts';
import type { SealUse } from './seal-use.ts';
import { RenderError } from './sealing-errors.ts';
import { own, type ServiceCall, type SignedValue, type SignerDescription } from './signer-wire.ts';

export interface SealServices {
  signer(seal: SealUse): Signer;
  timestamper: Timestamper;
  revocation: RevocationSource;
  clock?: () => Date;
}

/** How long an opened seal key is kept. A seal suspended meanwhile is refused when the credential is stored. */
const SIGNER_TTL_MS = 5 * 60_000;

interface OpenedSigner {
  signer: Promise<SealSigner>;
  openedAt: number;
  /** Signatures under way: an expired signer is closed once they finish. */
  busy: number;
  expired: boolean;
}

/**
 * The seal services of a running server. Each seal's key is opened on its first signature (decrypted
 * envelope or PKCS#11 session) and reused for a few minutes, so a batch does not unwrap the key per
 * document; close() releases them all. Seal keys are ECDSA or RSA with SHA-256, or SM2 with SM3
 * (seal-keys.ts), a dual seal's companion SM2 key too; the timestamper sends SM3 imprints to the SM2
 * TSA (server-pki.ts).
 */
export function sealServicesFor(seals: SealsContext): SealServices & { close(): void } {
  const { timestamper } = seals;
  if (!seals.pki || !timestamper) throw new AppError('ERR_PKI_UNAVAILABLE');
  const clock = seals.clock;
  const opened = new Map<string, OpenedSigner>();

  const closeWhenIdle = (entry: OpenedSigner) => {
    entry.expired = true;
    if (entry.busy === 0) entry.signer.then((s) => s.close()).catch(() => {});
  };

  const openKey = async (seal: SealUse) => {
    const row = await storedSealKey(seals.db, seal.sealId);
    if (!row?.key_store)
      throw new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', `seal ${seal.sealId} has no key`);
    return seal.key === 'sm2' ? openSm2CompanionSigner(seals, row) : openSealSigner(seals, row);
  };

  const keyTypes = new Map<string, Signer['keyType']>();
  const keyTypeOf = (seal: SealUse): Signer['keyType'] => {
    const id = keyId(seal);
    let t = keyTypes.get(id);
    if (!t) {
      const parsed = Certificate.fromDer(seal.certificate).keyType;
      if (parsed === 'other') throw new AppError('ERR_CREDENTIAL_SEAL_UNAVAILABLE', 'unsupported seal key');
      t = parsed;
      keyTypes.set(id, t);
    }
    return t;
  };

  const current = (seal: SealUse): OpenedSigner => {
    const id = keyId(seal);
    const now = clock().getTime();
    const hit = opened.get(id);
    if (hit && !hit.expired && now - hit.openedAt < SIGNER_TTL_MS) return hit;
    if (hit) {
      opened.delete(id);
      closeWhenIdle(hit);
    }
    const entry: OpenedSigner = { signer: openKey(seal), openedAt: now, busy: 0, expired: false };
    // A failed open is not cached: the next signature tries again.
    entry.signer.catch(() => opened.get(id) === entry && opened.delete(id));
    opened.set(id, entry);
    return entry;
  };

  return {
    timestamper,
    revocation: issuerRoutedRevocation(sealPkis(seals), clock),
    clock,
    signer(seal: SealUse): Signer {
      const keyType = keyTypeOf(seal);
      // GM/T 0009: SM2 signs SM3 digests only; RSA and ECDSA seals sign SHA-256.
      const digestAlgorithm = keyType === 'sm2' ? 'sm3' : 'sha256';
      return {
        keyType,
        digestAlgorithm,
        signatureAlgorithm: signatureAlgorithmIdentifier(keyType, digestAlgorithm),
        async sign(data) {
          const entry = current(seal);
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

/** Which key of which seal a use signs with: a dual seal's SM2 key is cached apart from its own. */
function keyId(seal: SealUse): string {
  return seal.key === 'sm2' ? sm2CompanionOwner(seal.sealId) : seal.sealId;
}

/**
 * OCSP responses and CRLs from the hierarchy whose CA issued the certificate asked about (its issuing
 * CA or root is `issuer`); nothing for a certificate of another CA.
 */
function issuerRoutedRevocation(pkis: readonly Pki[], clock: () => Date): RevocationSource {
  const sources = pkis.map((pki) => ({ pki, source: pkiRevocationSource(pki, { clock }) }));
  const sourceFor = (issuer: Certificate) => {
    const fp = issuer.fingerprint();
    return sources.find(
      ({ pki }) => pki.issuing.certificate.fingerprint() === fp || pki.root.certificate.fingerprint() === fp,
    )?.source;
  };
  return {
    ocsp: async (cert, issuer, producedAfter) => sourceFor(issuer)?.ocsp(cert, issuer, producedAfter),
    crl: async (cert, issuer, producedAfter) => sourceFor(issuer)?.crl(cert, issuer, producedAfter),
  };
}

/** Answers renderer threads' calls (signer-wire.ts) with the seal services, made on the first call. */
export interface SealServiceHost {
  answer(call: ServiceCall): Promise<unknown>;
  close(): void;
}

export function sealServiceHost(seals: SealsContext): SealServiceHost {
  let services: (SealServices & { close(): void }) | undefined;
  /** The seal each described signer key stands for (signers are asked of the services per signature). */
  const sealsByKey = new Map<string, SealUse>();
  const servicesNow = () => {
    services ??= sealServicesFor(seals);
    return services;
  };
  return {
    async answer(c) {
      const s = servicesNow();
      switch (c.op) {
        case 'describe': {
          const signer = s.signer(c.seal);
          sealsByKey.set(c.key, c.seal);
          return {
            keyType: signer.keyType,
            digestAlgorithm: signer.digestAlgorithm,
            signatureAlgorithm: own(signer.signatureAlgorithm),
          } satisfies SignerDescription;
        }
        case 'sign': {
          const seal = sealsByKey.get(c.key);
          if (!seal) throw new RenderError('ERR_RENDER_FAILED', 'signature asked for an undescribed seal');
          const signer = s.signer(seal);
          const signature = await signer.sign(c.data);
          const digest = createHash(signer.digestAlgorithm).update(signature).digest();
          const token = await s.timestamper.timestamp(digest, signer.digestAlgorithm);
          return { signature: own(signature), token: own(token) } satisfies SignedValue;
        }
        case 'timestamp':
          return own(await s.timestamper.timestamp(c.digest, c.algorithm));
        case 'ocsp':
        case 'crl': {
          const cert = Certificate.fromDer(c.cert);
          const issuer = Certificate.fromDer(c.issuer);
          const producedAfter = c.producedAfter === undefined ? undefined : new Date(c.producedAfter);
          const found = await (c.op === 'ocsp'
            ? s.revocation.ocsp(cert, issuer, producedAfter)
            : s.revocation.crl(cert, issuer, producedAfter));
          return found && own(found);
        }
      }
    },
    close() {
      services?.close();
      services = undefined;
    },
  };
}
