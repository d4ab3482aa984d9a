// The seal services' calls across a renderer thread's port: a worker asks the main thread to open a
// seal's signer, sign, timestamp and fetch revocation data; keys never cross. Plain data only.
import { createHash } from 'node:crypto';
import type { DigestAlgorithm, Signer } from '@openseal/pki';
import type { SealUse } from './seal-use.ts';
import type { WireError } from './sealing-errors.ts';

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

/** A renderer's call on the main thread's seal services. */
export interface ServiceCallMessage {
  type: 'call';
  rid: number;
  call: ServiceCall;
}

/** The main thread's answer to call `rid`: its value, or the error it failed with. */
export interface ServiceReplyMessage {
  type: 'reply';
  rid: number;
  value?: unknown;
  error?: WireError;
}
