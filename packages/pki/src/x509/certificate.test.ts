import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../asn1/oids.ts';
import { generateKeyPair, type KeyAlgorithm } from '../keys/key-algorithm.ts';
import { softwareSigner } from '../keys/signer.ts';
import { Certificate } from './certificate.ts';
import { type CertificateProfile, issueCertificate } from './certificate-builder.ts';
import type { DistinguishedName } from './name.ts';
import { openssl, tempDir, writeTemp } from './openssl-cli.test-support.ts';

const now = new Date('2026-01-01T00:00:00Z');
const inYears = (y: number) => new Date(Date.UTC(2026 + y, 0, 1));
const name = (cn: string): DistinguishedName => [
  { type: 'C', value: 'CN' },
  { type: 'O', value: '示范大学 / Demo University' },
  { type: 'CN', value: cn },
];
const urls = {
  ocspUrl: 'http://pki.test/ocsp',
  crlUrl: 'http://pki.test/crl/issuing-ca.crl',
  caIssuersUrl: 'http://pki.test/ca/issuing-ca.cer',
};

async function makeChain(alg: KeyAlgorithm) {
  const rootKeys = generateKeyPair(alg);
  const root = await issueCertificate({
    profile: 'root-ca',
    subject: name('示范大学 根CA / Demo University Root CA'),
    subjectPublicKey: rootKeys.publicKey,
    selfSigner: softwareSigner(rootKeys.privateKey),
    notBefore: now,
    notAfter: inYears(20),
  });
  const issuingKeys = generateKeyPair(alg);
  const issuing = await issueCertificate({
    profile: 'issuing-ca',
    subject: name('示范大学 签发CA / Demo University Issuing CA'),
    subjectPublicKey: issuingKeys.publicKey,
    issuer: { certificate: root, signer: softwareSigner(rootKeys.privateKey) },
    notBefore: now,
    notAfter: inYears(10),
    crlUrl: 'http://pki.test/crl/root-ca.crl',
    caIssuersUrl: 'http://pki.test/ca/root-ca.cer',
  });
  const issuer = { certificate: issuing, signer: softwareSigner(issuingKeys.privateKey) };
  const leaf = async (profile: CertificateProfile, cn: string, email?: string) =>
    issueCertificate({
      profile,
      subject: name(cn),
      subjectPublicKey: generateKeyPair(alg).publicKey,
      issuer,
      notBefore: now,
      notAfter: inYears(3),
      ...(profile === 'ocsp' ? {} : urls),
      email,
    });
  return {
    rootKeys,
    root,
    issuing,
    tsa: await leaf('tsa', '示范大学 时间戳服务 / Demo University TSA'),
    ocsp: await leaf('ocsp', '示范大学 OCSP'),
    seal: await leaf('seal', '示范大学公章 / Demo University Official Seal'),
    person: await leaf('person', '张三', 'zhang.san@demo.edu.cn'),
  };
}

type Chain = Awaited<ReturnType<typeof makeChain>>;

function opensslText(dir: string, cert: Certificate): string {
  const r = openssl([
    'x509',
    '-in',
    writeTemp(dir, `${cert.serialHex}.pem`, cert.toPem()),
    '-noout',
    '-text',
  ]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe.each(['rsa-2048', 'ecdsa-p256', 'rsa-3072'] as const)('certificate profiles (%s)', (alg) => {
  let c: Chain;
  const dir = tempDir('x509');
  beforeAll(async () => {
    c = await makeChain(alg);
  });

  it('root-ca: self-signed CA with critical basicConstraints and keyUsage, SKI', () => {
    expect(c.root.isSelfIssued()).toBe(true);
    expect(c.root.isIssuedBy(c.root)).toBe(true);
    expect(c.root.version).toBe(3);
    expect(c.root.basicConstraints).toEqual({ ca: true });
    expect([...c.root.keyUsage!]).toEqual(['keyCertSign', 'cRLSign']);
    expect(c.root.criticalExtensions).toEqual([OID.basicConstraints, OID.keyUsage]);
    expect(c.root.subjectKeyId).toHaveLength(20);
    expect(c.root.authorityKeyId).toBeUndefined();
    const text = opensslText(dir, c.root);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
  });

  it('issuing-ca: pathLen 0, AKI = root SKI, CRL DP and caIssuers of the root', () => {
    const i = c.issuing;
    expect(i.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(i.authorityKeyId).toEqual(c.root.subjectKeyId);
    expect(i.crlUrls).toEqual(['http://pki.test/crl/root-ca.crl']);
    expect(i.caIssuerUrls).toEqual(['http://pki.test/ca/root-ca.cer']);
    expect(i.ocspUrls).toEqual([]);
    const text = opensslText(dir, i);
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    expect(text).toMatch(/URI:http:\/\/pki.test\/crl\/root-ca.crl/);
  });

  it('tsa: critical timeStamping EKU (RFC 3161 2.3)', () => {
    expect(c.tsa.extKeyUsage).toEqual([OID.ekuTimeStamping]);
    expect(c.tsa.extKeyUsageCritical).toBe(true);
    expect([...c.tsa.keyUsage!]).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(c.tsa.ocspUrls).toEqual([urls.ocspUrl]);
    expect(opensslText(dir, c.tsa)).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
    const purpose = openssl(['x509', '-in', writeTemp(dir, 'tsa.pem', c.tsa.toPem()), '-noout', '-purpose']);
    expect(purpose.stdout).toMatch(/Time Stamp signing : Yes/);
  });

  it('ocsp: OCSPSigning EKU and ocsp-nocheck, no revocation pointers', () => {
    expect(c.ocsp.extKeyUsage).toEqual([OID.ekuOcspSigning]);
    expect(c.ocsp.extKeyUsageCritical).toBe(false);
    expect(c.ocsp.ocspNoCheck).toBe(true);
    expect(c.ocsp.crlUrls).toEqual([]);
    const text = opensslText(dir, c.ocsp);
    expect(text).toMatch(/Extended Key Usage:\s+OCSP Signing/);
    expect(text).toMatch(/OCSP No Check/);
  });

  it('seal and person: digitalSignature+nonRepudiation, no EKU, AIA and CRL DP; person has SAN e-mail', () => {
    for (const cert of [c.seal, c.person]) {
      expect([...cert.keyUsage!]).toEqual(['digitalSignature', 'nonRepudiation']);
      expect(cert.extKeyUsage).toBeUndefined();
      expect(cert.basicConstraints).toBeUndefined();
      expect(cert.authorityKeyId).toEqual(c.issuing.subjectKeyId);
      expect(cert.ocspUrls).toEqual([urls.ocspUrl]);
      expect(cert.caIssuerUrls).toEqual([urls.caIssuersUrl]);
      expect(cert.crlUrls).toEqual([urls.crlUrl]);
      expect(cert.isIssuedBy(c.issuing)).toBe(true);
      expect(cert.isIssuedBy(c.root)).toBe(false);
    }
    expect(c.seal.emailAddresses).toEqual([]);
    expect(c.person.emailAddresses).toEqual(['zhang.san@demo.edu.cn']);
    const text = opensslText(dir, c.person);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).not.toMatch(/Extended Key Usage/);
    expect(text).toMatch(
      /OCSP - URI:http:\/\/pki.test\/ocsp\s+CA Issuers - URI:http:\/\/pki.test\/ca\/issuing-ca.cer/,
    );
    expect(text).toMatch(/email:zhang.san@demo.edu.cn/);
  });

  it('openssl verifies the chain and prints the Chinese subject', () => {
    const root = writeTemp(dir, 'root.pem', c.root.toPem());
    const issuing = writeTemp(dir, 'issuing.pem', c.issuing.toPem());
    for (const leaf of [c.seal, c.tsa, c.ocsp, c.person]) {
      const file = writeTemp(dir, 'leaf.pem', leaf.toPem());
      const r = openssl([
        'verify',
        '-attime',
        String(now.getTime() / 1000 + 60),
        '-CAfile',
        root,
        '-untrusted',
        issuing,
        file,
      ]);
      expect(r.stdout + r.stderr).toBe(`${file}: OK\n`);
    }
    const s = openssl([
      'x509',
      '-in',
      writeTemp(dir, 'seal.pem', c.seal.toPem()),
      '-noout',
      '-subject',
      '-nameopt',
      'utf8',
    ]);
    expect(s.stdout.trim()).toBe(
      'subject=C=CN, O=示范大学 / Demo University, CN=示范大学公章 / Demo University Official Seal',
    );
    // Without the trust anchor the chain must not verify (the test can fail).
    const bad = openssl(['verify', '-CAfile', issuing, writeTemp(dir, 'leaf.pem', c.seal.toPem())]);
    expect(bad.status).not.toBe(0);
  });

  it('matches node X509Certificate on the fields it knows', () => {
    const x = new X509Certificate(c.seal.der);
    expect(x.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(c.seal.serialHex);
    expect(x.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(c.seal.fingerprint());
    expect(x.fingerprint.replace(/:/g, '').toLowerCase()).toBe(c.seal.fingerprint('sha1'));
    expect(new Date(x.validFrom)).toEqual(now);
    expect(c.seal.notAfter).toEqual(inYears(3));
    expect(x.publicKey.export({ type: 'spki', format: 'der' })).toEqual(Buffer.from(c.seal.spkiDer));
    expect(c.seal.publicKey.equals(x.publicKey)).toBe(true);
    expect(c.seal.keyType).toBe(alg.startsWith('rsa') ? 'rsa' : 'ec');
    expect(c.seal.commonName).toBe('示范大学公章 / Demo University Official Seal');
    expect(c.seal.organization).toBe('示范大学 / Demo University');
    expect(x.verify(c.issuing.publicKey)).toBe(true);
  });
});

describe('certificate parsing and issuing rules', () => {
  let c: Chain;
  beforeAll(async () => {
    c = await makeChain('ecdsa-p256');
  });

  it('fromPem reads every block in order and round-trips', () => {
    const certs = Certificate.fromPem(`junk\n${c.seal.toPem()}\n${c.issuing.toPem()}${c.root.toPem()}`);
    expect(certs.map((x) => x.serialHex)).toEqual([c.seal.serialHex, c.issuing.serialHex, c.root.serialHex]);
    expect(certs[0]!.der).toEqual(c.seal.der);
    expect(() => Certificate.fromPem('no certificate here')).toThrow(
      expect.objectContaining({ code: 'ERR_CERT_INVALID' }),
    );
  });

  it('a flipped signature bit or a tampered TBS breaks isIssuedBy', () => {
    const sigTampered = Uint8Array.from(c.seal.der);
    sigTampered[sigTampered.length - 5]! ^= 1;
    expect(Certificate.fromDer(sigTampered).isIssuedBy(c.issuing)).toBe(false);
    const tbsTampered = Uint8Array.from(c.seal.der);
    const at = Buffer.from(tbsTampered).indexOf(Buffer.from('Demo University Official Seal'));
    tbsTampered[at]! ^= 0x20; // 'D' -> 'd'
    const forged = Certificate.fromDer(tbsTampered);
    expect(forged.commonName).toBe('示范大学公章 / demo University Official Seal');
    expect(forged.isIssuedBy(c.issuing)).toBe(false);
  });

  it('fails closed on malformed DER and truncated input', () => {
    expect(() => Certificate.fromDer(c.seal.der.subarray(0, 100))).toThrow(
      expect.objectContaining({ code: 'ERR_ASN1_MALFORMED' }),
    );
    expect(() => Certificate.fromDer(Uint8Array.of(0x30, 0x00))).toThrow(
      expect.objectContaining({ code: 'ERR_ASN1_MALFORMED' }),
    );
  });

  it('checks validity bounds inclusively', () => {
    expect(c.seal.isValidAt(now)).toBe(true);
    expect(c.seal.isValidAt(inYears(3))).toBe(true);
    expect(c.seal.isValidAt(new Date(now.getTime() - 1000))).toBe(false);
    expect(c.seal.isValidAt(new Date(inYears(3).getTime() + 1000))).toBe(false);
  });

  it('refuses a non-CA issuer, a CA under a pathLen 0 CA, and a signer that is not the issuer', async () => {
    const keys = generateKeyPair('ecdsa-p256');
    const base = {
      subject: name('x'),
      subjectPublicKey: keys.publicKey,
      notBefore: now,
      notAfter: inYears(1),
    };
    const invalid = expect.objectContaining({ code: 'ERR_CERT_INVALID' });
    const leafKeys = generateKeyPair('ecdsa-p256');
    await expect(
      issueCertificate({
        ...base,
        profile: 'seal',
        issuer: { certificate: c.seal, signer: softwareSigner(leafKeys.privateKey) },
      }),
    ).rejects.toThrow(invalid);
    await expect(
      issueCertificate({
        ...base,
        profile: 'issuing-ca',
        issuer: { certificate: c.issuing, signer: softwareSigner(keys.privateKey) },
      }),
    ).rejects.toThrow(invalid);
    await expect(
      issueCertificate({
        ...base,
        profile: 'seal',
        issuer: { certificate: c.issuing, signer: softwareSigner(keys.privateKey) },
      }),
    ).rejects.toThrow(/does not verify/);
    await expect(issueCertificate({ ...base, profile: 'root-ca' })).rejects.toThrow(invalid);
    await expect(
      issueCertificate({
        ...base,
        profile: 'seal',
        notAfter: now,
        selfSigner: softwareSigner(keys.privateKey),
      }),
    ).rejects.toThrow(invalid);
  });

  it('uses the given serial, or a random positive 16-byte one', async () => {
    const keys = generateKeyPair('ecdsa-p256');
    const signer = softwareSigner(c.rootKeys.privateKey);
    const withSerial = await issueCertificate({
      profile: 'issuing-ca',
      subject: name('serial test'),
      subjectPublicKey: keys.publicKey,
      issuer: { certificate: c.root, signer },
      serialNumber: 0x1234n,
      notBefore: now,
      notAfter: inYears(1),
    });
    expect(withSerial.serialHex).toBe('1234');
    expect(c.seal.serialHex).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(c.seal.serialHex).not.toBe(c.person.serialHex);
  });
});
