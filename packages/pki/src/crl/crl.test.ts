import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../keys/key-algorithm.ts';
import { type Signer, softwareSigner } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { toPem } from '../x509/pem.ts';
import { issueCrl } from './issue-crl.ts';
import { parseCrl } from './parse-crl.ts';

const now = new Date('2026-03-01T08:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

let root: Certificate;
let rootSigner: Signer;
let seal: Certificate;
let other: Certificate;
const dir = tempDir('crl');

beforeAll(async () => {
  const rootKeys = generateKeyPair('rsa-2048');
  rootSigner = softwareSigner(rootKeys.privateKey);
  root = await issueCertificate({
    profile: 'root-ca',
    subject: [
      { type: 'C', value: 'CN' },
      { type: 'CN', value: '示范大学 根CA' },
    ],
    subjectPublicKey: rootKeys.publicKey,
    selfSigner: rootSigner,
    notBefore: now,
    notAfter: later(3650),
  });
  const leaf = (cn: string) =>
    issueCertificate({
      profile: 'seal',
      subject: [{ type: 'CN', value: cn }],
      subjectPublicKey: generateKeyPair('ecdsa-p256').publicKey,
      issuer: { certificate: root, signer: rootSigner },
      notBefore: now,
      notAfter: later(365),
    });
  seal = await leaf('示范大学公章');
  other = await leaf('其他');
});

describe('CRL', () => {
  it('issues a v2 CRL that we and openssl parse, with reasons, AKI and cRLNumber', async () => {
    const der = await issueCrl({
      issuer: root,
      signer: rootSigner,
      revoked: [
        { serialNumber: seal.serialNumber, revokedAt: later(1), reason: 'keyCompromise' },
        { serialNumber: 0xabcdn, revokedAt: later(2), reason: 'unspecified' },
        { serialNumber: 0x77n, revokedAt: later(2), reason: 'privilegeWithdrawn' },
      ],
      thisUpdate: later(3),
      nextUpdate: later(4),
      crlNumber: 42n,
    });
    const crl = parseCrl(der);
    expect(crl.issuerDer).toEqual(root.subjectDer);
    expect(crl.issuer).toEqual(root.subject);
    expect(crl.thisUpdate).toEqual(later(3));
    expect(crl.nextUpdate).toEqual(later(4));
    expect(crl.crlNumber).toBe(42n);
    expect(crl.revoked.get(seal.serialHex)).toEqual({ revokedAt: later(1), reason: 'keyCompromise' });
    expect(crl.revoked.get('abcd')).toEqual({ revokedAt: later(2) }); // unspecified is left out (5.3.1)
    expect(crl.revoked.get('77')).toEqual({ revokedAt: later(2), reason: 'privilegeWithdrawn' });
    expect(crl.revoked.has(other.serialHex)).toBe(false);
    expect(crl.isSignedBy(root)).toBe(true);
    expect(crl.isSignedBy(seal)).toBe(false);

    const file = writeTemp(dir, 'root.crl', der);
    const text = openssl(['crl', '-inform', 'DER', '-in', file, '-noout', '-text']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Version 2 \(0x1\)/);
    expect(text.stdout).toMatch(/X509v3 CRL Number:\s+42\n/);
    expect(text.stdout).toMatch(/Authority Key Identifier:/);
    expect(text.stdout).toMatch(/Key Compromise/);
    expect(text.stdout).toMatch(/Privilege Withdrawn/);
    const verify = openssl([
      'crl',
      '-inform',
      'DER',
      '-in',
      file,
      '-noout',
      '-CAfile',
      writeTemp(dir, 'root.pem', root.toPem()),
    ]);
    expect(verify.stdout + verify.stderr).toMatch(/verify OK/);
  });

  it('openssl verify -crl_check: revoked seal fails, other seal passes', async () => {
    const der = await issueCrl({
      issuer: root,
      signer: rootSigner,
      revoked: [{ serialNumber: seal.serialNumber, revokedAt: later(1), reason: 'superseded' }],
      thisUpdate: later(1),
      nextUpdate: later(30),
      crlNumber: 1n,
    });
    const bundle = writeTemp(dir, 'root+crl.pem', root.toPem() + toPem('X509 CRL', der));
    const at = String(later(2).getTime() / 1000);
    const check = (cert: Certificate) =>
      openssl([
        'verify',
        '-attime',
        at,
        '-crl_check',
        '-CAfile',
        bundle,
        writeTemp(dir, 'leaf.pem', cert.toPem()),
      ]);
    expect(check(other).status).toBe(0);
    const revoked = check(seal);
    expect(revoked.status).not.toBe(0);
    expect(revoked.stdout + revoked.stderr).toMatch(/certificate revoked/);
  });

  it('omits an empty revoked list and still parses', async () => {
    const der = await issueCrl({
      issuer: root,
      signer: rootSigner,
      revoked: [],
      thisUpdate: now,
      nextUpdate: later(1),
      crlNumber: 1n,
    });
    const crl = parseCrl(der);
    expect(crl.revoked.size).toBe(0);
    expect(crl.crlNumber).toBe(1n);
    expect(crl.isSignedBy(root)).toBe(true);
  });

  it('detects tampering and refuses a non-CRL signer or bad input', async () => {
    const der = await issueCrl({
      issuer: root,
      signer: rootSigner,
      revoked: [],
      thisUpdate: now,
      nextUpdate: later(1),
      crlNumber: 7n,
    });
    const tampered = Uint8Array.from(der);
    tampered[Buffer.from(tampered).indexOf(Buffer.from('260301'))]! ^= 1; // thisUpdate year digit
    expect(parseCrl(tampered).isSignedBy(root)).toBe(false);
    await expect(
      issueCrl({
        issuer: seal,
        signer: rootSigner,
        revoked: [],
        thisUpdate: now,
        nextUpdate: later(1),
        crlNumber: 1n,
      }),
    ).rejects.toThrow(expect.objectContaining({ code: 'ERR_CERT_INVALID' }));
    expect(() => parseCrl(der.subarray(0, 50))).toThrow(
      expect.objectContaining({ code: 'ERR_ASN1_MALFORMED' }),
    );
  });
});
