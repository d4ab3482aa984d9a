import { createHash } from 'node:crypto';

/** SM3 (GB/T 32905) hex of a file: the 国密 digest the ledger keeps beside its SHA-256. */
export function sm3Hex(bytes: Uint8Array): string {
  return createHash('sm3').update(bytes).digest('hex');
}
