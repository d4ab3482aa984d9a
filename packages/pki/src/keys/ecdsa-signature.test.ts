import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ecdsaRawToDer } from './ecdsa-signature.ts';

const code = (c: string) => expect.objectContaining({ code: c });
const data = new TextEncoder().encode('signed attributes stand-in');

describe('ecdsaRawToDer', () => {
  it('encodes r || s as a DER SEQUENCE of two minimal positive INTEGERs', () => {
    // r = 00 … 00 01 loses its leading zero bytes; s = 80 … 7f gains one to stay positive.
    const raw = new Uint8Array(64);
    raw[31] = 0x01;
    raw[32] = 0x80;
    raw[63] = 0x7f;
    const der = Buffer.from(ecdsaRawToDer(raw, 'P-256')).toString('hex');
    expect(der).toBe(`3026020101022100${'80'}${'00'.repeat(30)}7f`);
  });

  it.each([
    ['P-256', 64],
    ['P-384', 96],
    ['P-521', 132],
  ] as const)('turns a WebCrypto %s signature into one node:crypto verifies', async (curve, size) => {
    const name = 'ECDSA';
    const hash = curve === 'P-256' ? 'SHA-256' : curve === 'P-384' ? 'SHA-384' : 'SHA-512';
    const keys = await crypto.subtle.generateKey({ name, namedCurve: curve }, false, ['sign', 'verify']);
    const raw = new Uint8Array(await crypto.subtle.sign({ name, hash }, keys.privateKey, data));
    expect(raw).toHaveLength(size);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const der = ecdsaRawToDer(raw, curve);
    expect(verify(hash.replace('-', '').toLowerCase(), data, publicKey, der)).toBe(true);
    expect(ecdsaRawToDer(raw)).toEqual(der);
  });

  it('refuses a length of no supported curve, another curve than named, and a zero r or s', () => {
    for (const n of [0, 3, 63, 65, 128, 130]) {
      expect(() => ecdsaRawToDer(new Uint8Array(n).fill(1)), `${n} bytes`).toThrow(
        code('ERR_KEY_UNSUPPORTED'),
      );
    }
    expect(() => ecdsaRawToDer(new Uint8Array(96).fill(1), 'P-256')).toThrow(code('ERR_KEY_UNSUPPORTED'));
    const zeroR = new Uint8Array(64).fill(1);
    zeroR.fill(0, 0, 32);
    expect(() => ecdsaRawToDer(zeroR)).toThrow(/r or s zero/);
  });
});
