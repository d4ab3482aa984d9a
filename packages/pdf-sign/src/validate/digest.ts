// Digests over the signed byte ranges, with the algorithms CMS names by OID.

import { createHash } from 'node:crypto';
import type { ByteRanges } from './byte-range.ts';

const DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.156.10197.1.401': 'sm3',
};

/** node:crypto name of a digest OID, or undefined when unsupported. */
export const digestName = (oid: string): string | undefined => DIGESTS[oid];

/** Hash of the two ranges (ISO 32000-2 12.8.1), without copying the file. */
export function digestRanges(bytes: Uint8Array, ranges: ByteRanges, algorithm: string): Uint8Array {
  const [s1, l1, s2, l2] = ranges;
  return createHash(algorithm)
    .update(bytes.subarray(s1, s1 + l1))
    .update(bytes.subarray(s2, s2 + l2))
    .digest();
}

export function digestBytes(data: Uint8Array, algorithm: string): Uint8Array {
  return createHash(algorithm).update(data).digest();
}
