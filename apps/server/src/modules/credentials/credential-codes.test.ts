import { describe, expect, it } from 'vitest';
import { codeMatches, newPublicId, normalizeCode, printedCode } from './credential-codes.ts';

describe('credential codes', () => {
  it('draws 8 Crockford base32 characters, without I, L, O or U', () => {
    const ids = new Set(Array.from({ length: 2000 }, newPublicId));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
  });

  it('reads a typed code as Crockford decoding does: case, dashes, spaces and look-alikes', () => {
    expect(normalizeCode('k7m2-q9xa')).toBe('K7M2Q9XA');
    expect(normalizeCode(' 0o1l-Ii ')).toBe('001111');
    expect(printedCode('K7M2Q9XA')).toBe('K7M2-Q9XA');
    expect(codeMatches('K7M2Q9X0', 'k7m2-q9xo')).toBe(true);
    expect(codeMatches('K7M2Q9XA', 'K7M2Q9XB')).toBe(false);
    expect(codeMatches('K7M2Q9XA', 'K7M2Q9X')).toBe(false);
    expect(codeMatches('K7M2Q9XA', '')).toBe(false);
  });
});
