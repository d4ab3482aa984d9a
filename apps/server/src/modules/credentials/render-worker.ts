// A renderer thread: template -> PDF -> PAdES seals (createRenderAndSeal), with the seal services
// answered by the main thread over this worker's port. Keys, the TSA and the revocation sources stay
// there; this thread sees only certificates, digests and the bytes to be signed.
import { createHash } from 'node:crypto';
import { isMainThread, parentPort } from 'node:worker_threads';
import { isFreshFor, type RevocationSource, revocationThisUpdate } from '@openseal/pdf-sign';
import type { Certificate, DigestAlgorithm, Signer, Timestamper } from '@openseal/pki';
import type { RenderTask, SealUse } from './render-task.ts';
import type { SealServices } from './seal-services.ts';

/**
 * A task as it crosses the port. Templates and seals are cloned into a worker once, not per document:
 * `template` is null and a seal is its `sealKey()` when this worker was sent them before.
 */
export type WireTask = Omit<RenderTask, 'template' | 'issuer' | 'counter'> & {
  template: RenderTask['template'] | null;
  issuer: SealUse | string;
  counter: SealUse | string | null;
};

/** What the main thread sends a renderer. */
export type ToRenderer =
  /** `clockOffsetMs`: the server's clock minus Date.now() (a test's fixed clock), for signing times. */
  | { type: 'render'; id: number; task: WireTask; clockOffsetMs: number }
  | { type: 'reply'; rid: number; value?: unknown; error?: { code: string; message: string } };

/** What a renderer sends back: results, failures, and calls on the main thread's seal services. */
export type FromRenderer =
  | { type: 'rendered'; id: number; pdf: Uint8Array; sha256: string; pageCount: number }
  | { type: 'failed'; id: number; code: string; message: string }
  | { type: 'call'; rid: number; call: ServiceCall };

export type ServiceCall =
  /** Opens the seal's signer on the main thread; answers its algorithms (SignerDescription). */
  | { op: 'describe'; key: string; seal: SealUse }
  /** Answers SignedValue. */
  | { op: 'sign'; key: string; data: Uint8Array }
  | { op: 'timestamp'; digest: Uint8Array; algorithm: DigestAlgorithm }
  /** `producedAfter`: ms since the epoch (RevocationSource). */
  | { op: 'ocsp' | 'crl'; cert: Uint8Array; issuer: Uint8Array; producedAfter?: number };

export interface SignerDescription {
  keyType: Signer['keyType'];
  digestAlgorithm: DigestAlgorithm;
  signatureAlgorithm: Uint8Array;
}

/**
 * A signature, and the RFC 3161 token over it that PAdES B-T asks for next (ETSI EN 319 142-1 5.3:
 * the signature-time-stamp covers the signature value, hashed with the signer's digest). Made in the
 * same round trip, so each seal costs one message pair instead of two.
 */
export interface SignedValue {
  signature: Uint8Array;
  token: Uint8Array | null;
}

/**
 * `bytes` on a buffer of its own. postMessage clones a typed array's whole underlying buffer, so a
 * small view into a large one (signed attributes inside the PDF being signed) would copy all of it.
 */
export function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
    ? bytes
    : bytes.slice();
}

/** A seal's signer is named by its id and certificate, so a re-certified seal is a new signer. */
export function sealKey(seal: SealUse): string {
  const cert = createHash('sha256').update(seal.certificate).digest('hex').slice(0, 32);
  return `${seal.sealId}:${cert}`;
}

/**
 * OCSP responses and CRLs are reused this long while fresh enough for the timestamp they are asked for:
 * about one round trip per certificate per second of a batch, not one per document.
 */
const REVOCATION_TTL_MS = 60_000;
/** Tokens made ahead but not (yet) asked for; a signature without a timestamp leaves one behind. */
const MAX_READY_TOKENS = 64;

/** An error thrown across the port keeps its code (AppError / RenderError / PkiError codes). */
class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

async function runRenderer(port: NonNullable<typeof parentPort>): Promise<void> {
  const { createRenderAndSeal } = await import('./render-and-seal.ts');
  const renderAndSeal = createRenderAndSeal();

  let nextRid = 1;
  const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const call = <T>(c: ServiceCall): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const rid = nextRid++;
      calls.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      port.postMessage({ type: 'call', rid, call: c } satisfies FromRenderer);
    });

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

  const seals = new Map<string, SealUse>();
  const keys = new WeakMap<SealUse, string>();
  const services: SealServices = {
    timestamper,
    revocation: revocationSource,
    signer(seal) {
      const key = keys.get(seal) ?? sealKey(seal);
      const d = descriptions.get(key);
      // render() describes every seal of its task before rendering, so this is never hit in practice.
      if (!d) throw new RemoteError('ERR_RENDER_FAILED', `seal ${seal.sealId} was not described first`);
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

  const templates = new Map<string, RenderTask['template']>();
  /** The seal a task names, from the wire (first time: stored under its key) or from this worker's copy. */
  const sealOf = (wire: SealUse | string): SealUse => {
    if (typeof wire !== 'string') {
      const key = sealKey(wire);
      const known = seals.get(key);
      if (known) return known;
      seals.set(key, wire);
      keys.set(wire, key);
      return wire;
    }
    const known = seals.get(wire);
    if (!known) throw new RemoteError('ERR_RENDER_FAILED', `seal ${wire} was never sent to this renderer`);
    return known;
  };

  const render = async (id: number, wire: WireTask, clockOffsetMs: number) => {
    try {
      if (wire.template) templates.set(wire.templateKey, wire.template);
      const template = templates.get(wire.templateKey);
      if (!template)
        throw new RemoteError('ERR_RENDER_FAILED', `template ${wire.templateKey} was never sent`);
      const issuer = sealOf(wire.issuer);
      const counter = wire.counter === null ? null : sealOf(wire.counter);
      const task: RenderTask = { ...wire, template, issuer, counter };
      await Promise.all(
        [issuer, ...(counter ? [counter] : [])].map((s) => describe(keys.get(s) as string, s)),
      );
      const clock = clockOffsetMs === 0 ? undefined : () => new Date(Date.now() + clockOffsetMs);
      const out = await renderAndSeal(task, clock ? { ...services, clock } : services);
      // Transferred, not copied (a view into a larger buffer is copied out first).
      const pdf = own(out.pdf);
      port.postMessage(
        { type: 'rendered', id, pdf, sha256: out.sha256, pageCount: out.pageCount } satisfies FromRenderer,
        [pdf.buffer as ArrayBuffer],
      );
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      port.postMessage({
        type: 'failed',
        id,
        code: typeof err.code === 'string' ? err.code : 'ERR_RENDER_FAILED',
        message: typeof err.message === 'string' ? err.message : String(e),
      } satisfies FromRenderer);
    }
  };

  port.on('message', (msg: ToRenderer) => {
    if (msg.type === 'render') {
      void render(msg.id, msg.task, msg.clockOffsetMs);
      return;
    }
    const pending = calls.get(msg.rid);
    if (!pending) return;
    calls.delete(msg.rid);
    if (msg.error) pending.reject(new RemoteError(msg.error.code, msg.error.message));
    else pending.resolve(msg.value);
  });
}

if (!isMainThread && parentPort) await runRenderer(parentPort);
