import { createHmac, randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 section 6 base32, no padding: the form authenticator apps read from otpauth URIs. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error('invalid base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** 160-bit secret, the HMAC-SHA1 key length RFC 4226 section 4 recommends. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** RFC 6238 TOTP with HMAC-SHA1, 30-second steps, `digits` digits (RFC 4226 section 5.3 truncation). */
export function totpCode(secret: string, at: Date, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (mac[19] as number) & 0xf;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** Accepts the current step and one either side (RFC 6238 section 5.2: allow for clock drift). */
export function verifyTotp(secret: string, code: string, at: Date): boolean {
  return [-1, 0, 1].some((step) => totpCode(secret, new Date(at.getTime() + step * 30_000)) === code);
}

export function otpauthUri(secret: string, username: string): string {
  const label = encodeURIComponent(`OpenSeal:${username}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=OpenSeal&algorithm=SHA1&digits=6&period=30`;
}
