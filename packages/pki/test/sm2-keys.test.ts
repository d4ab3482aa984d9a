import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sm2 as smCrypto } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { expectSequence, integer, parseDer, readInteger, readOid, sequence, tlv } from '../src/asn1/der.ts';
import { OID } from '../src/asn1/oids.ts';
import { decryptPrivateKey, encryptPrivateKey } from '../src/keys/encrypted-key.ts';
import {
  digestAlgorithmFromOid,
  digestAlgorithmIdentifier,
  generateKeyPair,
} from '../src/keys/key-algorithm.ts';
import { PassphraseKdf } from '../src/keys/passphrase-kdf.ts';
import { signatureAlgorithmIdentifier, verifySignature } from '../src/keys/signature-algorithm.ts';
import { softwareSigner } from '../src/keys/signer.ts';
import { isSm2Key, sm2Digest, sm2KeyPairFromScalar, sm2Sign, sm2Verify, sm2Z, sm3 } from '../src/keys/sm2.ts';
import { SM2_N } from '../src/keys/sm2-curve.ts';
import { Certificate } from '../src/x509/certificate.ts';
import { gmOracleAvailable, oraclePki } from './gm-oracle.test-support.ts';

const data = new TextEncoder().encode('示范大学 transcript bytes');
const code = (c: string) => expect.objectContaining({ code: c });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const algOid = (der: Uint8Array) => readOid(expectSequence(parseDer(der), 1, 2)[0]!);

describe('SM3', () => {
  it('matches the GB/T 32905-2016 Appendix A vectors', () => {
    expect(hex(sm3(Buffer.from('abc')))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(hex(sm3(Buffer.from('abcd'.repeat(16))))).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('is named by its OID in AlgorithmIdentifiers', () => {
    expect(algOid(digestAlgorithmIdentifier('sm3'))).toBe(OID.sm3);
    expect(digestAlgorithmFromOid(OID.sm3)).toBe('sm3');
  });
});

describe('SM2 keys', () => {
  it('generates keys on the SM2 curve whose PKCS#8 and SPKI name id-ecPublicKey and sm2p256v1', () => {
    const { privateKey, publicKey } = generateKeyPair('sm2');
    for (const der of [
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      publicKey.export({ type: 'spki', format: 'der' }),
    ]) {
      const nodes = expectSequence(parseDer(der));
      const alg = nodes.find((n) => n.tag === 0x30)!;
      expect(expectSequence(alg, 2, 2).map(readOid)).toEqual([OID.ecPublicKey, OID.sm2]);
    }
    expect(isSm2Key(privateKey)).toBe(true);
    expect(isSm2Key(publicKey)).toBe(true);
    expect(isSm2Key(generateKeyPair('ecdsa-p256').publicKey)).toBe(false);
    expect(isSm2Key(generateKeyPair('rsa-2048').publicKey)).toBe(false);
  });

  it('round-trips through the scrypt-encrypted PKCS#8 files the PKI writes', async () => {
    const { privateKey, publicKey } = generateKeyPair('sm2');
    const pem = await encryptPrivateKey(privateKey, new PassphraseKdf('示范 passphrase'));
    const opened = await decryptPrivateKey(pem, new PassphraseKdf('示范 passphrase'));
    expect(opened.current).toBe(true);
    const sig = sm2Sign(opened.privateKey, data);
    expect(sm2Verify(publicKey, data, sig)).toBe(true);
    await expect(decryptPrivateKey(pem, new PassphraseKdf('wrong'))).rejects.toThrow(
      code('ERR_KEY_PASSPHRASE'),
    );
  });
});

describe('SM2 signatures', () => {
  // GB/T 32918.5-2017 Appendix A.2 (GM/T 0003.5): signer key, message "message digest", ID 1234567812345678.
  const vector = sm2KeyPairFromScalar(0x3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8n);
  const vectorSignature = sequence(
    integer(0xf5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3n),
    integer(0xb1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aan),
  );
  const message = Buffer.from('message digest');

  it('verifies the GB/T 32918.5 example signature (standard ID, Z value, SM3) and refuses it altered', () => {
    const spki = vector.publicKey.export({ type: 'spki', format: 'der' });
    expect(hex(spki.subarray(-64))).toBe(
      '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
        'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
    );
    expect(hex(sm2Z(vector.publicKey))).toBe(
      'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
    );
    expect(hex(sm2Digest(vector.publicKey, message))).toBe(
      'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
    );
    expect(sm2Verify(vector.publicKey, message, vectorSignature)).toBe(true);
    expect(sm2Verify(vector.publicKey, Buffer.from('message digesT'), vectorSignature)).toBe(false);
    expect(verifySignature(OID.sm2WithSm3, vector.publicKey, message, vectorSignature)).toBe(true);
  });

  it('signs through the software Signer: SM3withSM2, DER, verifiable, randomised', async () => {
    const signer = softwareSigner(vector.privateKey);
    expect(signer.keyType).toBe('sm2');
    expect(signer.digestAlgorithm).toBe('sm3');
    expect(hex(signer.signatureAlgorithm)).toBe('300a06082a811ccf55018375');
    const a = await signer.sign(message);
    const b = await signer.sign(message);
    expect(hex(a)).not.toBe(hex(b));
    for (const sig of [a, b]) {
      expect(expectSequence(parseDer(sig), 2, 2)).toHaveLength(2);
      expect(sm2Verify(vector.publicKey, message, sig)).toBe(true);
    }
    expect(sm2Verify(generateKeyPair('sm2').publicKey, message, a)).toBe(false);
    expect(sm2Verify(vector.publicKey, message, Uint8Array.of(0x30, 0x00))).toBe(false);
    expect(sm2Verify(vector.publicKey, message, a.subarray(0, a.length - 1))).toBe(false);
  });

  it('verifies with each new KeyObject of a key, and after 300 other keys turned the key cache over', () => {
    const spki = vector.publicKey.export({ type: 'spki', format: 'der' });
    const fresh = () => createPublicKey({ key: spki, format: 'der', type: 'spki' });
    for (let i = 0; i < 3; i++) expect(sm2Verify(fresh(), message, vectorSignature)).toBe(true);
    for (let i = 0; i < 300; i++) {
      const other = generateKeyPair('sm2');
      expect(sm2Verify(other.publicKey, message, vectorSignature)).toBe(false);
    }
    expect(sm2Verify(fresh(), message, vectorSignature)).toBe(true);
    expect(sm2Verify(fresh(), Buffer.from('message digesT'), vectorSignature)).toBe(false);
  });

  it('agrees with sm-crypto-v2 (its own SM3 and Z) in both directions', () => {
    const { privateKey, publicKey } = generateKeyPair('sm2');
    const pubHex = hex(publicKey.export({ type: 'spki', format: 'der' }).subarray(-65));
    const ours = hex(sm2Sign(privateKey, data));
    expect(smCrypto.doVerifySignature(data, ours, pubHex, { der: true, hash: true })).toBe(true);
    const dHex = hex(vector.privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(36, 68));
    expect(dHex).toBe('3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8');
    const theirs = smCrypto.doSignature(message, dHex, { der: true, hash: true });
    expect(sm2Verify(vector.publicKey, message, Buffer.from(theirs, 'hex'))).toBe(true);
  });

  it('refuses mismatched algorithm pairs with ERR_KEY_UNSUPPORTED, never a pass', () => {
    const sig = sm2Sign(vector.privateKey, message);
    const rsa = generateKeyPair('rsa-2048');
    const ec = generateKeyPair('ecdsa-p256');
    expect(() => signatureAlgorithmIdentifier('sm2', 'sha256')).toThrow(code('ERR_KEY_UNSUPPORTED'));
    expect(() => signatureAlgorithmIdentifier('rsa', 'sm3')).toThrow(code('ERR_KEY_UNSUPPORTED'));
    expect(() => softwareSigner(vector.privateKey, 'sha256')).toThrow(code('ERR_KEY_UNSUPPORTED'));
    expect(() => softwareSigner(ec.privateKey, 'sm3')).toThrow(code('ERR_KEY_UNSUPPORTED'));
    // SM2 signature algorithm with an RSA or ECDSA key, and ECDSA with an SM2 key: false.
    expect(verifySignature(OID.sm2WithSm3, rsa.publicKey, message, sig)).toBe(false);
    expect(verifySignature(OID.sm2WithSm3, ec.publicKey, message, sig)).toBe(false);
    expect(verifySignature(OID.ecdsaWithSHA256, vector.publicKey, message, sig)).toBe(false);
    // A SignerInfo pairing SM3withSM2 with SHA-256, or RSA with SM3: a clear error.
    expect(() => verifySignature(OID.sm2WithSm3, vector.publicKey, message, sig, 'sha256')).toThrow(
      code('ERR_KEY_UNSUPPORTED'),
    );
    expect(() => verifySignature(OID.sha256WithRSAEncryption, rsa.publicKey, message, sig, 'sm3')).toThrow(
      code('ERR_KEY_UNSUPPORTED'),
    );
    expect(() => verifySignature('1.2.156.10197.1.502', vector.publicKey, message, sig)).toThrow(
      code('ERR_KEY_UNSUPPORTED'),
    );
    // GM/T 0010's SM2-1 and bare id-sm2 SignerInfo algorithms verify with SM3 only.
    expect(verifySignature(`${OID.sm2}.1`, vector.publicKey, message, sig, 'sm3')).toBe(true);
    expect(() => verifySignature(`${OID.sm2}.1`, vector.publicKey, message, sig, 'sha256')).toThrow(
      code('ERR_KEY_UNSUPPORTED'),
    );
  });
});

// A key verifies without a table at first, then with a 4-bit one (8th verification), then with an 8-bit
// one (256th), which at most 16 keys keep: every stage must decide the same way.
describe('SM2 verification as a key gets reused', () => {
  const rs = (sig: Uint8Array) => expectSequence(parseDer(sig), 2, 2).map(readInteger) as [bigint, bigint];
  const der = (r: bigint, s: bigint) => sequence(integer(r), integer(s));
  const raw32 = (v: bigint) => tlv(0x02, Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));

  it('accepts its own and sm-crypto-v2 signatures and refuses altered ones, from the first use to the 300th', () => {
    const { privateKey, publicKey } = generateKeyPair('sm2');
    const other = generateKeyPair('sm2').publicKey;
    const pubHex = hex(publicKey.export({ type: 'spki', format: 'der' }).subarray(-65));
    const dHex = hex(privateKey.export({ type: 'pkcs8', format: 'der' }).subarray(36, 68));
    for (let i = 0; i < 300; i++) {
      const message = Buffer.from(`示范 document ${i}`);
      const sig =
        i % 10 === 0
          ? Buffer.from(smCrypto.doSignature(message, dHex, { der: true, hash: true }), 'hex')
          : sm2Sign(privateKey, message);
      if (i % 10 === 1)
        expect(smCrypto.doVerifySignature(message, hex(sig), pubHex, { der: true, hash: true })).toBe(true);
      const [r, s] = rs(sig);
      expect(sm2Verify(publicKey, message, sig)).toBe(true);
      expect(sm2Verify(publicKey, Buffer.from(`示范 document ${i + 1}`), sig)).toBe(false);
      expect(sm2Verify(publicKey, message, der(r, (s + 1n) % SM2_N))).toBe(false);
      expect(sm2Verify(publicKey, message, der((r + 1n) % SM2_N, s))).toBe(false);
      if (i % 25 === 0) expect(sm2Verify(other, message, sig)).toBe(false);
    }
  });

  it('refuses r and s outside [1, n−1], r + s = n, and their negative or shifted encodings', () => {
    const { privateKey, publicKey } = generateKeyPair('sm2');
    const message = Buffer.from('示范 range');
    const [r, s] = rs(sm2Sign(privateKey, message));
    for (let i = 0; i < 10; i++) sm2Verify(publicKey, message, der(r, s)); // past the first tables
    for (const bad of [
      der(0n, s),
      der(r, 0n),
      der(r + SM2_N, s),
      der(r, s + SM2_N),
      der(SM2_N, s),
      der(r, SM2_N),
      der(r, SM2_N - r), // t = r + s ≡ 0
      sequence(raw32(r | (1n << 255n)), integer(s)), // a negative INTEGER
      sequence(integer(r), raw32(s | (1n << 255n))),
      sequence(integer(r), integer(s), integer(1n)),
    ])
      expect(sm2Verify(publicKey, message, bad)).toBe(false);
    expect(sm2Verify(publicKey, message, der(r, s))).toBe(true);
  });

  it('keeps verifying when more keys than keep 8-bit tables are in use', () => {
    const message = Buffer.from('示范 many keys');
    const keys = Array.from({ length: 17 }, () => {
      const { privateKey, publicKey } = generateKeyPair('sm2');
      return { publicKey, sig: sm2Sign(privateKey, message) };
    });
    for (const { publicKey, sig } of keys)
      for (let i = 0; i < 256; i++) expect(sm2Verify(publicKey, message, sig)).toBe(true);
    for (const { publicKey, sig } of keys) {
      expect(sm2Verify(publicKey, message, sig)).toBe(true);
      expect(sm2Verify(publicKey, Buffer.from('示范 other'), sig)).toBe(false);
    }
  });
});

describe.skipIf(!gmOracleAvailable('SM2 keys against gm-oracle'))(
  'SM2 against gm-oracle (BouncyCastle)',
  () => {
    it("verifies the certificate signatures of the oracle's PKI and signs with its keys", async () => {
      const dir = oraclePki();
      const [root, ca, seal, tsa] = ['root', 'ca', 'seal', 'tsa'].map(
        (n) => Certificate.fromPem(readFileSync(join(dir, `${n}.pem`), 'utf8'))[0]!,
      );
      expect([root, ca, seal, tsa].map((c) => [c!.keyType, c!.signatureAlgorithmOid])).toEqual(
        Array(4).fill(['sm2', OID.sm2WithSm3]),
      );
      expect(root!.isIssuedBy(root!)).toBe(true);
      expect(ca!.isIssuedBy(root!)).toBe(true);
      expect(seal!.isIssuedBy(ca!)).toBe(true);
      expect(tsa!.isIssuedBy(ca!)).toBe(true);
      expect(seal!.isIssuedBy(root!)).toBe(false);

      // Its keys (unencrypted PKCS#8) load as SM2 and sign what its certificates' keys verify.
      const key = createPrivateKey(readFileSync(join(dir, 'seal.key.pem'), 'utf8'));
      const signer = softwareSigner(key);
      expect(signer.keyType).toBe('sm2');
      expect(verifySignature(OID.sm2WithSm3, seal!.publicKey, data, await signer.sign(data))).toBe(true);
    });
  },
);
