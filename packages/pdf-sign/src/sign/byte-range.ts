// The signature placeholder (ISO 32000-2 12.8.1): /ByteRange written wide then patched in place, and
// /Contents as a fixed-size hex string that the CMS later overwrites without moving any byte.

import { createHash } from 'node:crypto';
import type { DigestAlgorithm } from '@openseal/pki';
import { indexOfAscii } from '../core/byte-search.ts';
import { PdfString } from '../core/objects.ts';
import { SignError } from './sign-error.ts';

/** Ten digits per number: room for any offset below 10 GB, far above the parser's size limit. */
const WIDE = 9_999_999_999;

/** The /ByteRange value to write before the offsets are known. */
export const byteRangePlaceholder = (): number[] => [0, WIDE, WIDE, WIDE];

/**
 * The /Contents value to write: `size` zero bytes, serialized as 2×size ASCII '0' between <>. Poppler
 * reports "not total document signed" if the unused tail holds anything but '0' characters.
 */
export const contentsPlaceholder = (size: number): PdfString => new PdfString(new Uint8Array(size), true);

/** A file whose signature dictionary has its /ByteRange patched and its /Contents still empty. */
export interface PreparedFile {
  readonly bytes: Uint8Array;
  /** Offset of '<' of /Contents. */
  readonly contentsStart: number;
  /** Offset just past '>' of /Contents. */
  readonly contentsEnd: number;
  /** Bytes available for the DER (half the hex digits). */
  readonly capacity: number;
}

/**
 * Patches the /ByteRange of the signature dictionary written at [objStart, objEnd) of `bytes` (in place)
 * so that it covers the whole file but the /Contents string (12.8.1: the gap is exactly `<hex>`).
 * The dictionary must list /ByteRange before /Contents and both before any caller-supplied string.
 */
export function patchByteRange(bytes: Uint8Array, objStart: number, objEnd: number): PreparedFile {
  const br = indexOfAscii(bytes, '/ByteRange [', objStart, objEnd);
  const brOpen = br + '/ByteRange ['.length;
  const brClose = br < 0 ? -1 : indexOfAscii(bytes, ']', brOpen, objEnd);
  const contents = indexOfAscii(bytes, '/Contents <', brClose, objEnd);
  if (br < 0 || brClose < 0 || contents < 0) throw new Error('signature placeholder not found');
  const contentsStart = contents + '/Contents '.length;
  const contentsEnd = indexOfAscii(bytes, '>', contentsStart, objEnd) + 1;
  const ranges = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const text = ranges.join(' ');
  const width = brClose - brOpen;
  if (text.length > width) throw new Error('ByteRange placeholder too narrow');
  // Trailing spaces inside the array keep every other byte where it was.
  bytes.set(Buffer.from(text.padEnd(width, ' '), 'latin1'), brOpen);
  return { bytes, contentsStart, contentsEnd, capacity: (contentsEnd - contentsStart - 2) / 2 };
}

/** Digest of the two signed ranges, hashed in place (no copy of the file). */
export function digestByteRange(file: PreparedFile, alg: DigestAlgorithm): Uint8Array {
  return createHash(alg)
    .update(file.bytes.subarray(0, file.contentsStart))
    .update(file.bytes.subarray(file.contentsEnd))
    .digest();
}

/** Writes `der` as hex into the placeholder; the rest stays '0'. Returns the finished file. */
export function embedContents(file: PreparedFile, der: Uint8Array): Uint8Array {
  if (der.length > file.capacity) {
    throw new SignError(
      'ERR_SIGN_CONTENTS_TOO_SMALL',
      `the signature needs ${der.length} bytes but /Contents holds ${file.capacity}; raise contentsSize`,
    );
  }
  file.bytes.set(
    Buffer.from(Buffer.from(der).toString('hex').toUpperCase(), 'latin1'),
    file.contentsStart + 1,
  );
  return file.bytes;
}
