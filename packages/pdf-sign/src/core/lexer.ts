// Tokenizer over raw PDF bytes (ISO 32000-2 7.2). Works on byte values, never on a string of the file.

import { malformed } from './pdf-error.ts';

/** 7.2.3 character classes: 1 = white-space, 2 = delimiter, 0 = regular. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;

export const isWhite = (c: number): boolean => CLASS[c] === 1;
export const isDelimiter = (c: number): boolean => CLASS[c] === 2;
export const isRegular = (c: number): boolean => CLASS[c] === 0;
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}
export const hexValue = (c: number): number => HEX[c]!;

export class Lexer {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  /** Skips white-space and comments (7.2.4). */
  skipWhite(): void {
    const b = this.bytes;
    const n = b.length;
    let p = this.pos;
    while (p < n) {
      const c = b[p]!;
      if (CLASS[c] === 1) p++;
      else if (c === 0x25) {
        while (p < n && b[p] !== 0x0a && b[p] !== 0x0d) p++;
      } else break;
    }
    this.pos = p;
  }

  /** True (and consumes it) when `kw` stands at the current position followed by a non-regular byte. */
  matchKeyword(kw: string): boolean {
    const b = this.bytes;
    const p = this.pos;
    const n = kw.length;
    if (p + n > b.length) return false;
    for (let i = 0; i < n; i++) if (b[p + i] !== kw.charCodeAt(i)) return false;
    const after = b[p + n];
    if (after !== undefined && CLASS[after] === 0) return false;
    this.pos = p + n;
    return true;
  }

  /** A run of regular characters, as an ASCII string (keywords). */
  readRegular(): string {
    const b = this.bytes;
    const start = this.pos;
    let p = start;
    while (p < b.length && CLASS[b[p]!] === 0) p++;
    this.pos = p;
    let s = '';
    for (let i = start; i < p; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  /** An unsigned integer made of digits only; -1 (position unchanged) when none stands here. */
  readUnsigned(): number {
    const b = this.bytes;
    let p = this.pos;
    let v = 0;
    const start = p;
    while (p < b.length) {
      const c = b[p]!;
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      p++;
    }
    if (p === start || (p < b.length && CLASS[b[p]!] === 0)) return -1;
    if (!Number.isSafeInteger(v)) throw malformed(`integer too large at offset ${start}`);
    this.pos = p;
    return v;
  }

  /** A numeric object (7.3.3): [+-]digits[.digits] or [+-].digits. Returns the value and whether it is an integer. */
  readNumber(): { value: number; integer: boolean } {
    const b = this.bytes;
    const n = b.length;
    const start = this.pos;
    let p = start;
    let neg = false;
    let c = b[p];
    if (c === 0x2b || c === 0x2d) {
      neg = c === 0x2d;
      p++;
      // Some producers write "--5"; treat repeated signs as one (pdf.js does the same).
      while (p < n && (b[p] === 0x2d || b[p] === 0x2b)) p++;
    }
    let intPart = 0;
    let digits = 0;
    while (p < n) {
      c = b[p]!;
      if (c < 0x30 || c > 0x39) break;
      intPart = intPart * 10 + (c - 0x30);
      digits++;
      p++;
    }
    let integer = true;
    let value = intPart;
    if (p < n && b[p] === 0x2e) {
      integer = false;
      p++;
      let scale = 1;
      let frac = 0;
      while (p < n) {
        c = b[p]!;
        if (c < 0x30 || c > 0x39) break;
        if (scale < 1e15) {
          frac = frac * 10 + (c - 0x30);
          scale *= 10;
        }
        digits++;
        p++;
      }
      value = intPart + frac / scale;
    }
    if (digits === 0 || (p < n && CLASS[b[p]!] === 0)) {
      throw malformed(`invalid number at offset ${start}`);
    }
    this.pos = p;
    return { value: neg ? -value : value, integer };
  }

  /** A name after its '/' (7.3.5), #xx decoded, as a latin1 string. */
  readName(): string {
    const b = this.bytes;
    let p = this.pos + 1; // past '/'
    let s = '';
    while (p < b.length) {
      const c = b[p]!;
      if (CLASS[c] !== 0) break;
      if (c === 0x23 && p + 2 < b.length && HEX[b[p + 1]!]! >= 0 && HEX[b[p + 2]!]! >= 0) {
        s += String.fromCharCode(HEX[b[p + 1]!]! * 16 + HEX[b[p + 2]!]!);
        p += 3;
      } else {
        s += String.fromCharCode(c);
        p++;
      }
    }
    this.pos = p;
    return s;
  }

  /** A literal string (7.3.4.2) starting at '('; returns the decoded bytes. */
  readLiteralString(): Uint8Array {
    const b = this.bytes;
    const n = b.length;
    const start = this.pos;
    let p = start + 1;
    // Fast path: no escapes and no CR, the bytes are the string.
    let depth = 1;
    let simple = true;
    let q = p;
    while (q < n) {
      const c = b[q]!;
      if (c === 0x5c || c === 0x0d) {
        simple = false;
        break;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) break;
      q++;
    }
    if (simple) {
      if (q >= n) throw malformed(`unterminated string at offset ${start}`);
      this.pos = q + 1;
      return b.slice(p, q);
    }
    const out: number[] = [];
    depth = 1;
    for (;;) {
      if (p >= n) throw malformed(`unterminated string at offset ${start}`);
      let c = b[p++]!;
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (--depth === 0) break;
      } else if (c === 0x0d) {
        // 7.3.4.2: an unescaped EOL (CR, CRLF) reads as a single LF.
        if (b[p] === 0x0a) p++;
        c = 0x0a;
      } else if (c === 0x5c) {
        if (p >= n) throw malformed(`unterminated string at offset ${start}`);
        c = b[p++]!;
        switch (c) {
          case 0x6e: // n
            c = 0x0a;
            break;
          case 0x72: // r
            c = 0x0d;
            break;
          case 0x74: // t
            c = 0x09;
            break;
          case 0x62: // b
            c = 0x08;
            break;
          case 0x66: // f
            c = 0x0c;
            break;
          case 0x0d: // line continuation
            if (b[p] === 0x0a) p++;
            continue;
          case 0x0a:
            continue;
          default:
            if (c >= 0x30 && c <= 0x37) {
              let v = c - 0x30;
              for (let i = 0; i < 2 && p < n && b[p]! >= 0x30 && b[p]! <= 0x37; i++)
                v = v * 8 + (b[p++]! - 0x30);
              c = v & 0xff;
            }
          // any other escaped char stands for itself, \( \) \\ included
        }
      }
      out.push(c);
    }
    this.pos = p;
    return Uint8Array.from(out);
  }

  /** A hexadecimal string (7.3.4.3) starting at '<'. */
  readHexString(): Uint8Array {
    const b = this.bytes;
    const n = b.length;
    const start = this.pos;
    let p = start + 1;
    let close = p;
    while (close < n && b[close] !== 0x3e) close++;
    if (close >= n) throw malformed(`unterminated hex string at offset ${start}`);
    const out = new Uint8Array(((close - p) >> 1) + 1);
    let len = 0;
    let hi = -1;
    for (;;) {
      const c = b[p++]!;
      if (c === 0x3e) break;
      if (CLASS[c] === 1) continue;
      const v = HEX[c]!;
      if (v < 0) throw malformed(`invalid hex digit at offset ${p - 1}`);
      if (hi < 0) hi = v;
      else {
        out[len++] = (hi << 4) | v;
        hi = -1;
      }
    }
    // 7.3.4.3: an odd final digit is followed by an implied 0.
    if (hi >= 0) out[len++] = hi << 4;
    this.pos = p;
    return out.slice(0, len);
  }
}
