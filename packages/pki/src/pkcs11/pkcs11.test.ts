import { type createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../x509/openssl-cli.test-support.ts';
import { openPkcs11Signer } from './pkcs11-signer.ts';
import { createSoftHsmToken, hasSoftHsm, SOFTHSM_LIBRARY } from './softhsm-token.test-support.ts';

const LIBRARY = SOFTHSM_LIBRARY;
const code = (c: string) => expect.objectContaining({ code: c });
const data = new TextEncoder().encode('signed attributes stand-in');

if (!hasSoftHsm)
  console.warn(`skipping PKCS#11 tests: ${LIBRARY} is not installed (apt-get install softhsm2)`);

describe.skipIf(!hasSoftHsm)('PKCS#11 signer on SoftHSM2', () => {
  const dir = tempDir('pkcs11');
  const tokenLabel = 'openseal-test';
  const pin = '123456';
  const opened: { close(): void }[] = [];
  const publicKeys: Record<string, ReturnType<typeof createPublicKey>> = {};

  beforeAll(() => {
    Object.assign(
      publicKeys,
      createSoftHsmToken({
        dir,
        tokenLabel,
        pin,
        keys: [
          { label: 'rsa-key', id: '01', type: 'rsa:2048' },
          { label: 'ec-key', id: '02', type: 'EC:prime256v1' },
        ],
      }),
    );
  });
  afterAll(() => {
    for (const s of opened) s.close();
  });

  const open = (keyLabel: string, keyType: 'rsa' | 'ec', digestAlgorithm?: 'sha256' | 'sha384') => {
    const signer = openPkcs11Signer({
      library: LIBRARY,
      tokenLabel,
      pin,
      keyLabel,
      keyType,
      digestAlgorithm,
    });
    opened.push(signer);
    return signer;
  };

  it('signs RSA PKCS#1 v1.5 in the token, verifiable with the exported public key', async () => {
    const signer = open('rsa-key', 'rsa');
    expect(signer.keyType).toBe('rsa');
    const signature = await signer.sign(data);
    expect(signature).toHaveLength(256);
    expect(verify('sha256', data, publicKeys['rsa-key']!, signature)).toBe(true);
    expect(verify('sha256', Uint8Array.of(1), publicKeys['rsa-key']!, signature)).toBe(false);
  });

  it('signs ECDSA over a local digest and returns DER, for two digests and two open signers', async () => {
    const p256 = open('ec-key', 'ec');
    const p384 = open('ec-key', 'ec', 'sha384');
    for (let i = 0; i < 20; i++) {
      // Repeated: r or s with a high bit or a leading zero byte must still encode as valid DER.
      const message = Uint8Array.of(i, ...data);
      expect(verify('sha256', message, publicKeys['ec-key']!, await p256.sign(message))).toBe(true);
      expect(verify('sha384', message, publicKeys['ec-key']!, await p384.sign(message))).toBe(true);
    }
  });

  it('fails with ERR_PKCS11 for a wrong PIN, token, label or key type, and after close', async () => {
    const base = { library: LIBRARY, tokenLabel, pin, keyLabel: 'rsa-key', keyType: 'rsa' as const };
    expect(() => openPkcs11Signer({ ...base, tokenLabel: 'nope' })).toThrow(/no token labelled "nope"/);
    expect(() => openPkcs11Signer({ ...base, keyLabel: 'missing' })).toThrow(/found 0/);
    expect(() => openPkcs11Signer({ ...base, keyType: 'ec' })).toThrow(/not an ec key/);
    expect(() => openPkcs11Signer({ ...base, library: join(dir, 'missing.so') })).toThrow(code('ERR_PKCS11'));
    const closed = openPkcs11Signer(base);
    closed.close();
    await expect(closed.sign(data)).rejects.toThrow(/closed/);
  });

  it('rejects a wrong PIN once no other signer holds the login', () => {
    for (const s of opened.splice(0)) s.close();
    let error: unknown;
    try {
      openPkcs11Signer({ library: LIBRARY, tokenLabel, pin: '000000', keyLabel: 'rsa-key', keyType: 'rsa' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'ERR_PKCS11',
      message: expect.stringContaining('CKR_PIN_INCORRECT'),
    });
    expect(String((error as Error).message)).not.toContain('000000');
  });
});
