import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: SHA-1 key "12345678901234567890"; 8-digit values.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP', () => {
  it('matches the RFC 6238 Appendix B SHA-1 test vectors', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000), 8)).toBe('94287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000), 8)).toBe('07081804');
    expect(totpCode(RFC_SECRET, new Date(2_000_000_000_000), 8)).toBe('69279037');
  });

  it('round-trips base32 and accepts one step of drift, not two', () => {
    expect(base32Decode(RFC_SECRET).toString()).toBe('12345678901234567890');
    const now = new Date(1_700_000_000_000);
    const code = totpCode(RFC_SECRET, now);
    expect(verifyTotp(RFC_SECRET, code, new Date(now.getTime() + 30_000))).toBe(true);
    expect(verifyTotp(RFC_SECRET, code, new Date(now.getTime() + 60_000))).toBe(false);
  });
});
