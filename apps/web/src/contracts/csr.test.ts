import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64.ts';
import { certificationRequest, der, derOid, derUnsignedInteger, ecdsaSignatureToDer } from './csr.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const dir = mkdtempSync(join(tmpdir(), 'openseal-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `openssl req -verify` on a DER CSR: it checks the request's signature under its own public key.
 * OpenSSL 3.0 exits 0 even when that fails, so its verdict line is read (stderr), not its status.
 */
function opensslVerify(csr: Uint8Array, name: string): { verdict: string; text: string } {
  const file = join(dir, name);
  writeFileSync(file, csr);
  const run = spawnSync('openssl', ['req', '-inform', 'DER', '-in', file, '-verify', '-noout', '-text'], {
    encoding: 'utf8',
  });
  const verdict =
    /self-signature verify (OK|failure)/.exec(`${run.stdout}${run.stderr}`)?.[1] ?? 'unreadable';
  return { verdict, text: run.stdout };
}

const newKeys = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
  ]) as Promise<CryptoKeyPair>;

describe('certificationRequest', () => {
  it('builds a PKCS#10 request that openssl verifies, for a non-extractable browser key', async () => {
    const keys = await newKeys();
    expect(keys.privateKey.extractable).toBe(false);
    // Several keys: r and s with the high bit set (and so a 0x00 pad) turn up in about half of them.
    for (let i = 0; i < 8; i++) {
      const csr = await certificationRequest(i === 0 ? keys : await newKeys());
      const { verdict, text } = opensslVerify(csr, `csr-${i}.der`);
      expect(verdict).toBe('OK');
      expect(text).toContain('ecdsa-with-SHA256');
      expect(text).toContain('prime256v1');
    }
  });

  it('puts the exported SPKI in as it is, and openssl refuses the request once its signature changes', async () => {
    const keys = await newKeys();
    const csr = await certificationRequest(keys);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(hex(csr)).toContain(hex(spki));
    // The last byte is s's: the request still parses, and its signature no longer matches.
    const tampered = csr.slice();
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0x01;
    expect(opensslVerify(csr, 'intact.der').verdict).toBe('OK');
    expect(opensslVerify(tampered, 'tampered.der').verdict).toBe('failure');
  });
});

describe('DER pieces', () => {
  it('writes long-form lengths past 127 bytes', () => {
    expect(hex(der(0x04, new Uint8Array(127)).subarray(0, 2))).toBe('047f');
    expect(hex(der(0x04, new Uint8Array(128)).subarray(0, 3))).toBe('048180');
    expect(hex(der(0x04, new Uint8Array(300)).subarray(0, 4))).toBe('0482012c');
  });

  it('writes minimal non-negative INTEGERs', () => {
    expect(hex(derUnsignedInteger(Uint8Array.of(0)))).toBe('020100');
    expect(hex(derUnsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(hex(derUnsignedInteger(Uint8Array.of(0x80)))).toBe('02020080');
    expect(hex(derUnsignedInteger(Uint8Array.of(0, 0, 0xff, 1)))).toBe('020300ff01');
  });

  it('encodes ecdsa-with-SHA256', () => {
    expect(hex(derOid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
  });

  it('turns r‖s into Ecdsa-Sig-Value', () => {
    const raw = new Uint8Array(64);
    raw[0] = 0x80; // r needs a pad byte
    raw[63] = 0x05; // s is 5 after its leading zeros go
    const sig = ecdsaSignatureToDer(raw);
    expect(hex(sig)).toBe(`3026022100${'80'.padEnd(64, '0')}020105`);
    expect(() => ecdsaSignatureToDer(new Uint8Array(63))).toThrow();
  });
});

describe('base64', () => {
  it('round-trips bytes larger than one argument list', () => {
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256);
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(text)).toEqual(bytes);
  });
});
