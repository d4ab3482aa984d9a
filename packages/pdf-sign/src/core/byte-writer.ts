// A growing output buffer: appends are amortized O(1), the result is one contiguous copy.

export class ByteWriter {
  private buf: Uint8Array;
  private len = 0;

  constructor(initialCapacity = 4096) {
    this.buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** Appends a string of char codes 0..255 (latin1). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.len = p;
  }

  /**
   * Appends `data` as hex, two of `digits` (16 characters) per byte; room is made once, since a
   * signature's /Contents placeholder is tens of thousands of digits.
   */
  hex(data: Uint8Array, digits: string): void {
    this.reserve(data.length * 2);
    const b = this.buf;
    let p = this.len;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      b[p++] = digits.charCodeAt(v >> 4);
      b[p++] = digits.charCodeAt(v & 15);
    }
    this.len = p;
  }

  /** A view of what was written (valid until the next append). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
