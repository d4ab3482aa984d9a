import { createCipheriv, type KeyObject, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectSequence,
  type Node,
  octetString,
  parseDer,
  raw,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
} from '../src/asn1/der.ts';
import { OID } from '../src/asn1/oids.ts';
import { initPki } from '../src/ca/init-pki.ts';
import { loadPki } from '../src/ca/load-pki.ts';
import { decryptPrivateKey, encryptPrivateKey } from '../src/keys/encrypted-key.ts';
import { generateKeyPair } from '../src/keys/key-algorithm.ts';
import { PassphraseKdf, SCRYPT_COST } from '../src/keys/passphrase-kdf.ts';
import { sm4BoxOpen, sm4BoxSeal } from '../src/keys/sm4-box.ts';
import { tempDir } from '../src/x509/openssl-cli.test-support.ts';
import { gmCheckSm4 } from './gm-oracle.test-support.ts';

const passphrase = 'sm4 passphrase 示范';
const code = (c: string) => expect.objectContaining({ code: c });
const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'der' });
const sm2 = generateKeyPair('sm2');
const rsa = generateKeyPair('rsa-2048');
const LABEL = 'OPENSEAL SM4 ENCRYPTED PRIVATE KEY';

const derOf = (pem: string) => Buffer.from(pem.replace(/-----[A-Z0-9 ]+-----|\s/g, ''), 'base64');
const pemOf = (der: Uint8Array) =>
  `-----BEGIN ${LABEL}-----\n${Buffer.from(der).toString('base64')}\n-----END ${LABEL}-----\n`;

/** The envelope's parts, as offsets into its DER. */
function regions(der: Uint8Array) {
  const [version, derivation, encryption, box] = expectSequence(parseDer(der), 4, 4) as Node[];
  const salt = expectSequence(expectSequence(derivation!, 2, 2)[1]!)[0]!;
  const boxStart = box!.contentStart;
  return {
    version: version!,
    derivation: derivation!,
    encryption: encryption!,
    box: box!,
    salt: salt.contentStart,
    iv: boxStart,
    ciphertext: boxStart + 16,
    mac: box!.end - 1,
  };
}

function flipped(der: Uint8Array, at: number): string {
  const copy = Buffer.from(der);
  copy[at]! ^= 0x01;
  return pemOf(copy);
}

describe('SM4 key envelope (国密 mode)', () => {
  it('round-trips SM2 and RSA keys in a labelled, versioned DER naming scrypt, SM4-CBC and HMAC-SM3', async () => {
    const kdf = new PassphraseKdf(passphrase);
    const pem = await encryptPrivateKey(sm2.privateKey, kdf, 'gm');
    expect(pem).toMatch(/^-----BEGIN OPENSEAL SM4 ENCRYPTED PRIVATE KEY-----\n/);
    const r = regions(derOf(pem));
    expect(readSmallInteger(r.version)).toBe(1);
    const [kdfOid, params] = expectSequence(r.derivation, 2, 2);
    expect(readOid(kdfOid!)).toBe(OID.scrypt);
    expect(expectSequence(params!).slice(1).map(readSmallInteger)).toEqual([
      SCRYPT_COST.N,
      SCRYPT_COST.r,
      SCRYPT_COST.p,
      32,
    ]);
    expect(expectSequence(r.encryption, 2, 2).map(readOid)).toEqual([
      '1.2.156.10197.1.104.2',
      '1.2.156.10197.1.401.3.1',
    ]);
    // IV, the PKCS#8 padded to SM4 blocks, the SM3 MAC.
    const plainLength = pkcs8(sm2.privateKey).length;
    expect(readOctetString(r.box).length).toBe(16 + (Math.floor(plainLength / 16) + 1) * 16 + 32);

    const reader = new PassphraseKdf(passphrase);
    const opened = await decryptPrivateKey(pem, reader, 'gm');
    expect(opened).toMatchObject({ current: true, mode: 'gm' });
    expect(pkcs8(opened.privateKey)).toEqual(pkcs8(sm2.privateKey));
    const rsaPem = await encryptPrivateKey(rsa.privateKey, kdf, 'gm');
    expect(pkcs8((await decryptPrivateKey(rsaPem, reader)).privateKey)).toEqual(pkcs8(rsa.privateKey));
  });

  it('opens both envelopes and marks the one the deployment did not choose for rewriting', async () => {
    const kdf = new PassphraseKdf(passphrase);
    const gm = await encryptPrivateKey(sm2.privateKey, kdf, 'gm');
    const standard = await encryptPrivateKey(sm2.privateKey, kdf, 'standard');
    expect(standard).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    const reader = new PassphraseKdf(passphrase);
    expect(await decryptPrivateKey(gm, reader, 'standard')).toMatchObject({ current: false, mode: 'gm' });
    expect(await decryptPrivateKey(standard, reader, 'gm')).toMatchObject({
      current: false,
      mode: 'standard',
    });
    expect(await decryptPrivateKey(standard, reader, 'standard')).toMatchObject({ current: true });
    // No mode asked for: whichever envelope the file is in is fine.
    expect(await decryptPrivateKey(gm, reader)).toMatchObject({ current: true, mode: 'gm' });
    // AES and SM4 files written through one object never share a derived key: each has its own salt.
    const r = regions(derOf(gm));
    const salt = derOf(gm).subarray(r.salt, r.salt + 16);
    expect(Buffer.from(salt)).toEqual(Buffer.from(kdf.freshGm.salt));
    expect(Buffer.from(kdf.freshGm.salt)).not.toEqual(Buffer.from(kdf.fresh.salt));
  });

  it('refuses a wrong passphrase and any changed byte of header, IV, ciphertext or MAC, without saying more', async () => {
    const pem = await encryptPrivateKey(sm2.privateKey, new PassphraseKdf(passphrase), 'gm');
    const der = derOf(pem);
    const r = regions(der);
    const reader = new PassphraseKdf(passphrase);
    const refusals: unknown[] = [];
    const refuse = async (text: string, kdf: PassphraseKdf, expected: string) => {
      const error = await decryptPrivateKey(text, kdf).catch((e: unknown) => e);
      expect(error).toEqual(code(expected));
      refusals.push(error);
    };
    await refuse(pem, new PassphraseKdf('wrong passphrase!'), 'ERR_KEY_PASSPHRASE');
    // Header: the scrypt salt (another derived key) and the last byte of the algorithm OIDs (authenticated).
    await refuse(flipped(der, r.salt), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.iv), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.iv + 15), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.ciphertext), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.mac - 32), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.mac), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(flipped(der, r.encryption.end - 1), reader, 'ERR_KEY_UNSUPPORTED');
    await refuse(flipped(der, r.version.end - 1), reader, 'ERR_KEY_UNSUPPORTED');
    // Truncated: a whole block of ciphertext fewer, the MAC cut, and the DER cut.
    const box = Buffer.from(readOctetString(r.box));
    const shorter = Buffer.concat([box.subarray(0, 16), box.subarray(32)]);
    const withBox = (b: Uint8Array) =>
      pemOf(sequence(raw(r.version), raw(r.derivation), raw(r.encryption), octetString(b)));
    await refuse(withBox(shorter), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(withBox(box.subarray(0, box.length - 1)), reader, 'ERR_KEY_PASSPHRASE');
    await refuse(pemOf(der.subarray(0, der.length - 10)), reader, 'ERR_ASN1_MALFORMED');
    for (const e of refusals) {
      const message = (e as Error).message;
      expect(message).not.toContain(passphrase);
      expect(message).not.toMatch(/[0-9a-f]{32}/i);
      expect(message).not.toContain('\n    at ');
    }
  });

  it('binds the header, its length included, so no header byte can move into the IV', () => {
    const key = randomBytes(32);
    const plain = Buffer.from('PKCS#8 bytes');
    const box = sm4BoxSeal(key, plain, Buffer.from('header'));
    expect(sm4BoxOpen(key, box, Buffer.from('header'))).toEqual(plain);
    expect(() => sm4BoxOpen(key, box, Buffer.from('headeR'))).toThrow(code('ERR_KEY_PASSPHRASE'));
    const shifted = Buffer.concat([Buffer.from('header'), box.subarray(0, 16)]);
    expect(() => sm4BoxOpen(key, box.subarray(16), shifted)).toThrow(code('ERR_KEY_PASSPHRASE'));
    expect(() => sm4BoxOpen(randomBytes(32), box, Buffer.from('header'))).toThrow(code('ERR_KEY_PASSPHRASE'));
  });

  it('uses the SM4 of GB/T 32907 (its Appendix A example) in CBC mode', () => {
    // GB/T 32907-2016 A.1: key = plaintext = 0123456789abcdeffedcba9876543210.
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const c = createCipheriv('sm4-cbc', k, Buffer.alloc(16)).setAutoPadding(false);
    expect(Buffer.concat([c.update(k), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('agrees with BouncyCastle’s SM4-CBC and HMAC-SM3 both ways', () => {
    const key = randomBytes(32);
    const header = randomBytes(40);
    const plain = pkcs8(sm2.privateKey);
    const ours = sm4BoxSeal(key, plain, header);
    const opened = gmCheckSm4('sm4-open', key, header, ours);
    expect(opened.stderr).toBe('');
    expect(opened.stdout.trim()).toBe(`OK ${plain.toString('hex')}`);
    const tampered = Buffer.from(ours);
    tampered[20]! ^= 1;
    expect(gmCheckSm4('sm4-open', key, header, tampered).stdout.trim()).toBe('FAIL MAC mismatch');
    const theirs = gmCheckSm4('sm4-seal', key, header, plain);
    expect(theirs.status).toBe(0);
    const box = Buffer.from(theirs.stdout.trim().slice(3), 'hex');
    expect(sm4BoxOpen(key, box, header)).toEqual(plain);
  });

  it('lets a PKI switch envelopes: loadPki rewrites every key in the chosen one, and back', async () => {
    const dir = join(tempDir('sm4-pki'), 'pki');
    await initPki({ dir, passphrase, keyAlgorithm: 'sm2', mode: 'gm' });
    const keyFiles = () => readdirSync(dir).filter((f) => f.endsWith('.key.pem'));
    const labels = () =>
      keyFiles().map((f) => /-----BEGIN ([A-Z0-9 ]+)-----/.exec(readFileSync(join(dir, f), 'utf8'))![1]);
    expect(keyFiles()).toHaveLength(5);
    expect(new Set(labels())).toEqual(new Set([LABEL]));
    const before = await loadPki(dir, passphrase);
    expect(new Set(labels())).toEqual(new Set([LABEL])); // no mode asked: left as they are
    await loadPki(dir, passphrase, { mode: 'standard' });
    expect(new Set(labels())).toEqual(new Set(['ENCRYPTED PRIVATE KEY']));
    const standard = await loadPki(dir, passphrase, { mode: 'standard' });
    await loadPki(dir, passphrase, { mode: 'gm' });
    expect(new Set(labels())).toEqual(new Set([LABEL]));
    const after = await loadPki(dir, passphrase, { mode: 'gm' });
    for (const pki of [standard, after]) {
      expect(pkcs8(pki.root.privateKey)).toEqual(pkcs8(before.root.privateKey));
      expect(pkcs8(pki.demoSeal.privateKey)).toEqual(pkcs8(before.demoSeal.privateKey));
    }
  });
});
