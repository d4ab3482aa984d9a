// A renderer thread's seal services: signers, the timestamper and revocation sources that forward to
// the main thread over the worker's port (signer-wire.ts). This thread sees only certificates,
// digests and the bytes to be signed; OCSP/CRL answers and signature tokens are reused where PAdES
// allows, so a batch costs about one message pair per seal.
import { createHash } from 'node:crypto';
import { isFreshFor, type RevocationSource, revocationThisUpdate } from '@openseal/pdf-sign';
import type { Certificate, Timestamper } from '@openseal/pki';
import type { SealServices } from './seal-services.ts';
import type { SealUse } from './seal-use.ts';
import { fromWire, RenderError } from './sealing-errors.ts';
import {
  own,
  type ServiceCall,
  type ServiceCallMessage,
  type ServiceReplyMessage,
  type SignedValue,
  type SignerDescription,
  sealKey,
} from './signer-wire.ts';

/**
 * OCSP responses and CRLs are reused this long while fresh enough for the timestamp they are asked for:
 * about one round trip per certificate per second of a batch, not one per document.
 */
const REVOCATION_TTL_MS = 60_000;
/** Tokens made ahead but not (yet) asked for; a signature without a timestamp leaves one behind. */
const MAX_READY_TOKENS = 64;

export interface RemoteSealServices {
  services: SealServices;
  /** The seal a task names: sent whole the first time (then kept), by its `sealKey()` afterwards. */
  adopt(wire: SealUse | string): SealUse;
  /** Opens the seal's signer on the main thread; a task's seals are described before it is signed. */
  describe(seal: SealUse): Promise<void>;
  /** Settles the call a reply answers. */
  settle(reply: ServiceReplyMessage): void;
}

export function remoteSealServices(post: (message: ServiceCallMessage) => void): RemoteSealServices {
  let nextRid = 1;
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const call = <T>(c: ServiceCall): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const rid = nextRid++;
      calls.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      post({ type: 'call', rid, call: c });
    });

  const seals = new Map<string, SealUse>();
  const keys = new WeakMap<SealUse, string>();
  const described = new Map<string, Promise<SignerDescription>>();
  const descriptions = new Map<string, SignerDescription>();
  const describe = (key: string, seal: SealUse): Promise<SignerDescription> => {
    let p = described.get(key);
    if (!p) {
      p = call<SignerDescription>({ op: 'describe', key, seal }).then((d) => {
        descriptions.set(key, d);
        return d;
      });
      // A refusal (seal suspended, key unavailable) is not remembered: the next document asks again.
      p.catch(() => described.delete(key));
      described.set(key, p);
    }
    return p;
  };

  /** `freshFrom`: the answer's thisUpdate once read; until then the time it was asked to postdate. */
  const revocationCache = new Map<
    string,
    { at: number; freshFrom: Date | undefined; answer: Promise<Uint8Array | undefined> }
  >();
  const revocation = (op: 'ocsp' | 'crl', cert: Certificate, issuer: Certificate, producedAfter?: Date) => {
    const key = `${op}:${createHash('sha1').update(cert.der).digest('hex')}`;
    const now = Date.now();
    const hit = revocationCache.get(key);
    const freshEnough = (from: Date | undefined) =>
      !producedAfter || (from !== undefined && isFreshFor(from, producedAfter));
    if (hit && now - hit.at < REVOCATION_TTL_MS && freshEnough(hit.freshFrom)) return hit.answer;
    const answer = call<Uint8Array | undefined>({
      op,
      cert: own(cert.der),
      issuer: own(issuer.der),
      ...(producedAfter ? { producedAfter: producedAfter.getTime() } : {}),
    });
    const entry = { at: now, freshFrom: producedAfter, answer };
    answer.then(
      (der) => {
        entry.freshFrom = der && revocationThisUpdate(op, der);
      },
      () => revocationCache.get(key) === entry && revocationCache.delete(key),
    );
    revocationCache.set(key, entry);
    return answer;
  };

  const readyTokens = new Map<string, Uint8Array>();
  const timestamper: Timestamper = {
    timestamp: (digest, algorithm) => {
      const key = `${algorithm}:${Buffer.from(digest).toString('hex')}`;
      const ready = readyTokens.get(key);
      if (ready) {
        readyTokens.delete(key);
        return Promise.resolve(ready);
      }
      return call<Uint8Array>({ op: 'timestamp', digest: own(digest), algorithm });
    },
  };
  const revocationSource: RevocationSource = {
    ocsp: (cert, issuer, producedAfter) => revocation('ocsp', cert, issuer, producedAfter),
    crl: (cert, issuer, producedAfter) => revocation('crl', cert, issuer, producedAfter),
  };

  const services: SealServices = {
    timestamper,
    revocation: revocationSource,
    signer(seal) {
      const key = keys.get(seal) ?? sealKey(seal);
      const d = descriptions.get(key);
      // A task's seals are described before it is rendered, so this is never hit in practice.
      if (!d) throw new RenderError('ERR_RENDER_FAILED', `seal ${seal.sealId} was not described first`);
      return {
        keyType: d.keyType,
        digestAlgorithm: d.digestAlgorithm,
        signatureAlgorithm: d.signatureAlgorithm,
        sign: async (data) => {
          const signed = await call<SignedValue>({ op: 'sign', key, data: own(data) });
          if (signed.token) {
            const digest = createHash(d.digestAlgorithm).update(signed.signature).digest('hex');
            if (readyTokens.size >= MAX_READY_TOKENS)
              readyTokens.delete(readyTokens.keys().next().value as string);
            readyTokens.set(`${d.digestAlgorithm}:${digest}`, signed.token);
          }
          return signed.signature;
        },
      };
    },
  };

  return {
    services,
    adopt(wire) {
      if (typeof wire !== 'string') {
        const key = sealKey(wire);
        const known = seals.get(key);
        if (known) return known;
        seals.set(key, wire);
        keys.set(wire, key);
        return wire;
      }
      const known = seals.get(wire);
      if (!known) throw new RenderError('ERR_RENDER_FAILED', `seal ${wire} was never sent to this renderer`);
      return known;
    },
    async describe(seal) {
      await describe(keys.get(seal) ?? sealKey(seal), seal);
    },
    settle(reply) {
      const pending = calls.get(reply.rid);
      if (!pending) return;
      calls.delete(reply.rid);
      if (reply.error) pending.reject(fromWire(reply.error));
      else pending.resolve(reply.value);
    },
  };
}
