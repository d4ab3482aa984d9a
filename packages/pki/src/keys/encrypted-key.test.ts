import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectSequence, parseDer, readOctetString, readOid, readSmallInteger } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { decryptPrivateKey, encryptPrivateKey } from './encrypted-key.ts';
import { generateKeyPair } from './key-algorithm.ts';
import { PassphraseKdf, SCRYPT_COST } from './passphrase-kdf.ts';

const ec = generateKeyPair('ecdsa-p256');
const rsa = generateKeyPair('rsa-2048');
const passphrase = 'correct horse battery 示范';
const code = (c: string) => expect.objectContaining({ code: c });
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'der' });

/** The key derivation a PEM names: [kdf OID, its parameter nodes]. */
function kdfOf(pem: string) {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  const [algorithm] = expectSequence(parseDer(der), 2, 2);
  const [scheme, pbes2] = expectSequence(algorithm!, 2, 2);
  expect(readOid(scheme!)).toBe(OID.pbes2);
  const [kdf] = expectSequence(pbes2!, 2, 2);
  const [kdfOid, params] = expectSequence(kdf!, 2, 2);
  return { oid: readOid(kdfOid!), params: expectSequence(params!) };
}

describe('encrypted private keys', () => {
  it('derive the key with scrypt at OWASP cost (N=2^17, r=8, p=1), not 2,048 rounds of PBKDF2', async () => {
    const pem = await encryptPrivateKey(ec.privateKey, new PassphraseKdf(passphrase));
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    const { oid, params } = kdfOf(pem);
    expect(oid).toBe(OID.scrypt);
    expect(params.slice(1, 4).map(readSmallInteger)).toEqual([SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p]);
    expect(SCRYPT_COST.N).toBeGreaterThanOrEqual(2 ** 17);
  });

  it('round-trip with the passphrase, refuse a wrong one, an unencrypted PEM and an empty passphrase', async () => {
    const pem = await encryptPrivateKey(rsa.privateKey, new PassphraseKdf(passphrase));
    const opened = await decryptPrivateKey(pem, new PassphraseKdf(passphrase));
    expect(opened.current).toBe(true);
    expect(pkcs8(opened.privateKey)).toEqual(pkcs8(rsa.privateKey));
    await expect(decryptPrivateKey(pem, new PassphraseKdf('wrong passphrase!'))).rejects.toThrow(
      code('ERR_KEY_PASSPHRASE'),
    );
    const plain = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await expect(decryptPrivateKey(plain, new PassphraseKdf(passphrase))).rejects.toThrow(
      code('ERR_KEY_UNSUPPORTED'),
    );
    expect(() => new PassphraseKdf('')).toThrow(code('ERR_KEY_PASSPHRASE'));
  });

  it('open files written before scrypt (PBKDF2, 2,048 rounds) and by openssl -scrypt, marked for rewriting', async () => {
    // What encryptPrivateKey wrote until now: OpenSSL 3's PKCS#8 default.
    const legacy = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
    expect(kdfOf(legacy as string).oid).toBe('1.2.840.113549.1.5.12');
    const fromLegacy = await decryptPrivateKey(legacy as string, new PassphraseKdf(passphrase));
    expect(fromLegacy.current).toBe(false);
    expect(pkcs8(fromLegacy.privateKey)).toEqual(pkcs8(ec.privateKey));

    // An independent writer of the same format, at openssl's lower default cost (N=16384).
    const dir = tempDir('scrypt');
    const plain = writeTemp(dir, 'plain.pem', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const out = `${dir}/scrypt.pem`;
    const res = openssl([
      'pkcs8',
      '-topk8',
      '-scrypt',
      '-in',
      plain,
      '-out',
      out,
      '-passout',
      `pass:${passphrase}`,
    ]);
    expect(res.status).toBe(0);
    const fromOpenssl = await decryptPrivateKey(readFileSync(out, 'utf8'), new PassphraseKdf(passphrase));
    expect(fromOpenssl.current).toBe(false);
    expect(pkcs8(fromOpenssl.privateKey)).toEqual(pkcs8(ec.privateKey));
  });

  it('run scrypt once for keys written together (one salt per write), so a PKI opens in one derivation', async () => {
    const kdf = new PassphraseKdf(passphrase);
    const [a, b] = await Promise.all([
      encryptPrivateKey(ec.privateKey, kdf),
      encryptPrivateKey(rsa.privateKey, kdf),
    ]);
    const salt = (pem: string) => Buffer.from(readOctetString(kdfOf(pem).params[0]!)).toString('hex');
    expect(salt(a)).toBe(salt(b));
    const reader = new PassphraseKdf(passphrase);
    const started = performance.now();
    await decryptPrivateKey(a, reader);
    const first = performance.now() - started;
    const again = performance.now();
    await decryptPrivateKey(b, reader);
    expect(performance.now() - again).toBeLessThan(first / 4);
  });
});
