// Native byte-sequence search over a Uint8Array without copying it (Buffer views share memory).

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** First occurrence of the latin1 `needle` at or after `from`, or -1. */
export function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const hay = to >= bytes.length ? bytes : bytes.subarray(0, to);
  return asBuffer(hay).indexOf(needle, from, 'latin1');
}

/** Last occurrence of the latin1 `needle` starting at or before `from`, or -1. */
export function lastIndexOfAscii(bytes: Uint8Array, needle: string, from = bytes.length): number {
  return asBuffer(bytes).lastIndexOf(needle, from, 'latin1');
}

/** Bytes to a latin1 string (one char per byte). */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return asBuffer(bytes).toString('latin1', start, end);
}
