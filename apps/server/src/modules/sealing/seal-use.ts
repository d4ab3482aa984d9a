import type { SealSpec } from '@openseal/pdf-sign';

/**
 * A seal ready to sign with on the worker path: certificate, chain and appearance as plain data
 * (it crosses postMessage); the key stays with the main thread's seal services.
 */
export interface SealUse {
  sealId: string;
  /** DER of the seal's certificate, then its chain (issuing CA … root). */
  certificate: Uint8Array;
  chain: readonly Uint8Array[];
  appearance: SealSpec;
}
