import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectSequence, parseDer, readOid } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import {
  digestAlgorithmFromOid,
  digestAlgorithmIdentifier,
  digestOid,
  generateKeyPair,
} from './key-algorithm.ts';
import { signatureAlgorithmIdentifier, verifySignature } from './signature-algorithm.ts';
import { digestSigner, signDigestRsa, softwareSigner } from './signer.ts';

const data = new TextEncoder().encode('示范大学 transcript bytes');
const rsa = generateKeyPair('rsa-2048');
const ec = generateKeyPair('ecdsa-p256');

const algOid = (der: Uint8Array) => readOid(expectSequence(parseDer(der), 1, 2)[0]!);

describe('algorithm identifiers', () => {
  it('encodes digest AlgorithmIdentifiers without parameters (RFC 5754)', () => {
    expect(Buffer.from(digestAlgorithmIdentifier('sha256')).toString('hex')).toBe(
      '300b0609608648016503040201',
    );
    for (const d of ['sha256', 'sha384', 'sha512'] as const)
      expect(digestAlgorithmFromOid(digestOid(d))).toBe(d);
    expect(digestAlgorithmFromOid(OID.sha1)).toBeUndefined();
  });

  it('gives RSA a NULL parameter and ECDSA none', () => {
    expect(Buffer.from(signatureAlgorithmIdentifier('rsa', 'sha256')).toString('hex')).toBe(
      '300d06092a864886f70d01010b0500',
    );
    expect(Buffer.from(signatureAlgorithmIdentifier('ec', 'sha256')).toString('hex')).toBe(
      '300a06082a8648ce3d040302',
    );
    expect(algOid(signatureAlgorithmIdentifier('ec', 'sha512'))).toBe('1.2.840.10045.4.3.4');
  });
});

describe('software signer', () => {
  for (const [name, keys, digest] of [
    ['rsa sha256', rsa, 'sha256'],
    ['rsa sha512', rsa, 'sha512'],
    ['ecdsa sha256', ec, 'sha256'],
    ['ecdsa sha384', ec, 'sha384'],
  ] as const) {
    it(`signs and verifies (${name})`, async () => {
      const signer = softwareSigner(keys.privateKey, digest);
      const sig = await signer.sign(data);
      const oid = algOid(signer.signatureAlgorithm);
      expect(verifySignature(oid, keys.publicKey, data, sig)).toBe(true);
      const tampered = Uint8Array.from(data);
      tampered[0]! ^= 1;
      expect(verifySignature(oid, keys.publicKey, tampered, sig)).toBe(false);
      // Wrong key type and garbage signatures are "false", not exceptions.
      const other = keys === rsa ? ec : rsa;
      expect(verifySignature(oid, other.publicKey, data, sig)).toBe(false);
      expect(verifySignature(oid, keys.publicKey, data, Uint8Array.of(1, 2, 3))).toBe(false);
    });
  }

  it('verifies CMS-style bare key algorithm OIDs when given the digest', async () => {
    const sig = await softwareSigner(rsa.privateKey, 'sha384').sign(data);
    expect(verifySignature(OID.rsaEncryption, rsa.publicKey, data, sig, 'sha384')).toBe(true);
    expect(verifySignature(OID.rsaEncryption, rsa.publicKey, data, sig, 'sha256')).toBe(false);
  });

  it('throws ERR_KEY_UNSUPPORTED for an unknown algorithm and for non-signing keys', () => {
    expect(() => verifySignature(OID.rsassaPss, rsa.publicKey, data, new Uint8Array(256))).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    );
    expect(() => softwareSigner(rsa.publicKey)).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    );
  });
});

describe('digest signer', () => {
  it('RSA: signDigestRsa output verifies as sha256WithRSAEncryption and equals the software signature', async () => {
    const signer = digestSigner({
      keyType: 'rsa',
      digestAlgorithm: 'sha256',
      signDigest: async (digest) => signDigestRsa(rsa.privateKey, digest, 'sha256'),
    });
    const sig = await signer.sign(data);
    expect(verifySignature(OID.sha256WithRSAEncryption, rsa.publicKey, data, sig)).toBe(true);
    // PKCS#1 v1.5 is deterministic: same bytes as node's own signature.
    expect(Buffer.from(sig)).toEqual(sign('sha256', data, rsa.privateKey));
    expect(signer.signatureAlgorithm).toEqual(signatureAlgorithmIdentifier('rsa', 'sha256'));
  });

  it('ECDSA: passes the locally computed digest and reports ecdsa-with-SHA384', async () => {
    const seen: Uint8Array[] = [];
    const signer = digestSigner({
      keyType: 'ec',
      digestAlgorithm: 'sha384',
      signDigest: async (digest) => {
        seen.push(digest);
        // Stand-in for an HSM: node cannot sign a bare digest with ECDSA, so sign the data it came from.
        return sign('sha384', data, ec.privateKey);
      },
    });
    const sig = await signer.sign(data);
    expect(Buffer.from(seen[0]!)).toEqual(createHash('sha384').update(data).digest());
    expect(verifySignature(algOid(signer.signatureAlgorithm), ec.publicKey, data, sig)).toBe(true);
  });

  it('signDigestRsa refuses a digest of the wrong length', () => {
    expect(() => signDigestRsa(rsa.privateKey, new Uint8Array(20), 'sha256')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    );
  });
});

describe('key generation', () => {
  it('generates the advertised key sizes', () => {
    expect(generateKeyPair('rsa-3072').publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(ec.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });
});
