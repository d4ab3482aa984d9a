import { describe, expect, it } from 'vitest';
import {
  credentialViewPath,
  formatCode,
  isCodeShaped,
  normalizeCode,
  parseDocumentNumber,
} from './credential-code.ts';

describe('normalizeCode', () => {
  it('drops the dash and spaces and upper-cases', () => {
    expect(normalizeCode(' abcd-2345 ')).toBe('ABCD2345');
  });
  it('reads O as zero and I, L as one (Crockford base32)', () => {
    expect(normalizeCode('OIL9-abcd')).toBe('0119ABCD');
  });
});

describe('isCodeShaped', () => {
  it('accepts 8 Crockford characters only', () => {
    expect(isCodeShaped('K7M2Q9XA')).toBe(true);
    expect(isCodeShaped('K7M2Q9X')).toBe(false);
    expect(isCodeShaped('K7M2Q9XU')).toBe(false); // U is not in the alphabet
  });
});

describe('formatCode', () => {
  it('prints the code as XXXX-XXXX', () => {
    expect(formatCode('ABCD2345')).toBe('ABCD-2345');
    expect(formatCode('ABC')).toBe('ABC');
  });
});

describe('parseDocumentNumber', () => {
  it('takes a bare number', () => {
    expect(parseDocumentNumber('k7m2q9xa')).toEqual({ publicId: 'K7M2Q9XA', code: null });
  });
  it('takes the QR code URL with its code', () => {
    expect(parseDocumentNumber('https://seal.example.edu/v/K7M2Q9XA?c=ABCD2345')).toEqual({
      publicId: 'K7M2Q9XA',
      code: 'ABCD2345',
    });
  });
  it('takes the printed short URL without a code', () => {
    expect(parseDocumentNumber('seal.example.edu/v/K7M2Q9XA')).toEqual({ publicId: 'K7M2Q9XA', code: null });
  });
});

describe('credentialViewPath', () => {
  it('builds /v/:publicId with the code when known', () => {
    expect(credentialViewPath('K7M2Q9XA', 'ABCD2345')).toBe('/v/K7M2Q9XA?c=ABCD2345');
    expect(credentialViewPath('K7M2Q9XA')).toBe('/v/K7M2Q9XA');
  });
});
