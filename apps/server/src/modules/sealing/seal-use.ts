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
  /**
   * Which of the seal's keys signs: its own (absent), or a dual seal's (双算法) companion SM2 key, whose
   * certificate and chain are then this use's.
   */
  key?: 'sm2';
  /** A dual seal's companion SM2 key: signs invisibly after the visible signature (signDual). */
  sm2?: SealUse;
}
