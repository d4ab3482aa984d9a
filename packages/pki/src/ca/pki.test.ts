import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../asn1/oids.ts';
import { parseCrl } from '../crl/parse-crl.ts';
import { generateKeyPair } from '../keys/key-algorithm.ts';
import { verifySignature } from '../keys/signature-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { toPem } from '../x509/pem.ts';
import { initPki } from './init-pki.ts';
import { loadPki } from './load-pki.ts';
import { type Pki, signerKindOf } from './pki.ts';

const now = new Date('2026-06-01T00:00:00Z');
const passphrase = 'test passphrase 示范';
const baseUrl = 'http://pki.example.test/pki';
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const code = (c: string) => expect.objectContaining({ code: c });

describe('built-in PKI (rsa-2048)', () => {
  const dir = join(tempDir('ca'), 'pki');
  let pki: Pki;
  beforeAll(async () => {
    await initPki({ dir, passphrase, baseUrl: `${baseUrl}/`, now });
    pki = await loadPki(dir, passphrase);
  });

  it('writes the certificates, encrypted keys (0600) and pki.json, and never the passphrase', () => {
    expect(readdirSync(dir).sort()).toEqual(
      [
        'issuing-ca.key.pem',
        'issuing-ca.pem',
        'ocsp.key.pem',
        'ocsp.pem',
        'pki.json',
        'root-ca.key.pem',
        'root-ca.pem',
        'seal-demo.key.pem',
        'seal-demo.pem',
        'tsa.key.pem',
        'tsa.pem',
      ].sort(),
    );
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).not.toContain(passphrase);
      if (f.endsWith('.key.pem')) {
        expect(text).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
        expect(text).not.toContain('BEGIN PRIVATE KEY');
        expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
      }
    }
    const state = JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8'));
    expect(state.baseUrl).toBe(baseUrl);
    expect(state.keyAlgorithm).toBe('rsa-2048');
    expect(state.issued).toHaveLength(4);
  });

  it('builds the documented chain, names, lifetimes and URLs', () => {
    const { root, issuing, tsa, ocsp, demoSeal } = pki;
    expect(root.certificate.commonName).toBe('示范大学 根CA / Demo University Root CA');
    expect(issuing.certificate.commonName).toBe('示范大学 签发CA / Demo University Issuing CA');
    expect(tsa.certificate.commonName).toBe('示范大学 时间戳服务 / Demo University TSA');
    expect(ocsp.certificate.commonName).toBe('示范大学 OCSP / Demo University OCSP');
    expect(demoSeal.certificate.subject).toEqual([
      { type: 'C', value: 'CN' },
      { type: 'O', value: '示范大学 / Demo University' },
      { type: 'CN', value: '示范大学公章 / Demo University Official Seal' },
    ]);
    const years = (c: Certificate) => c.notAfter.getUTCFullYear() - c.notBefore.getUTCFullYear();
    expect([root, issuing, tsa, ocsp, demoSeal].map((e) => years(e.certificate))).toEqual([20, 10, 5, 5, 3]);
    expect(root.certificate.notBefore).toEqual(now);
    expect(issuing.certificate.crlUrls).toEqual([`${baseUrl}/crl/root-ca.crl`]);
    expect(issuing.certificate.caIssuerUrls).toEqual([`${baseUrl}/ca/root-ca.cer`]);
    for (const e of [tsa, demoSeal]) {
      expect(e.certificate.ocspUrls).toEqual([`${baseUrl}/ocsp`]);
      expect(e.certificate.crlUrls).toEqual([`${baseUrl}/crl/issuing-ca.crl`]);
      expect(e.certificate.caIssuerUrls).toEqual([`${baseUrl}/ca/issuing-ca.cer`]);
    }
    expect(tsa.certificate.extKeyUsage).toEqual([OID.ekuTimeStamping]);
    expect(ocsp.certificate.ocspNoCheck).toBe(true);
    expect(pki.baseUrl).toBe(baseUrl);
  });

  it('openssl verifies root -> issuing -> seal, TSA and OCSP from the files on disk', () => {
    const at = String(hours(1).getTime() / 1000);
    for (const leaf of ['seal-demo.pem', 'tsa.pem', 'ocsp.pem']) {
      const r = openssl([
        'verify',
        '-attime',
        at,
        '-CAfile',
        join(dir, 'root-ca.pem'),
        '-untrusted',
        join(dir, 'issuing-ca.pem'),
        join(dir, leaf),
      ]);
      expect(r.stdout + r.stderr).toBe(`${join(dir, leaf)}: OK\n`);
    }
  });

  it('signs with the loaded keys', async () => {
    const data = new TextEncoder().encode('document');
    const sig = await pki.demoSeal.signer.sign(data);
    expect(verifySignature(OID.sha256WithRSAEncryption, pki.demoSeal.certificate.publicKey, data, sig)).toBe(
      true,
    );
  });

  it('issues, revokes and reports status, persisted across a reload', async () => {
    const person = await pki.issue({
      profile: 'person',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'CN', value: '张三' },
      ],
      publicKey: generateKeyPair('ecdsa-p256').publicKey,
      email: 'zhang.san@demo.edu.cn',
      validDays: 30,
      now,
    });
    expect(person.notAfter).toEqual(hours(30 * 24));
    expect(person.emailAddresses).toEqual(['zhang.san@demo.edu.cn']);
    expect(person.isIssuedBy(pki.issuing.certificate)).toBe(true);
    expect(pki.revocationStatus(person)).toEqual({ status: 'good' });
    expect(pki.revocationStatus(pki.issuing.certificate)).toEqual({ status: 'good' });
    expect(pki.revocationStatus(pki.root.certificate)).toEqual({ status: 'unknown' });

    await pki.revoke(person.serialNumber, 'keyCompromise', hours(2));
    expect(pki.revocationStatus(person)).toEqual({
      status: 'revoked',
      revokedAt: hours(2),
      reason: 'keyCompromise',
    });
    await expect(pki.revoke(123n, 'superseded')).rejects.toThrow(code('ERR_CERT_INVALID'));

    const reloaded = await loadPki(dir, passphrase);
    expect(reloaded.revocationStatus(person)).toEqual({
      status: 'revoked',
      revokedAt: hours(2),
      reason: 'keyCompromise',
    });
    expect(reloaded.revocationStatus(pki.demoSeal.certificate)).toEqual({ status: 'good' });
    const crl = parseCrl(await reloaded.crl('issuing', hours(3)));
    expect(crl.revoked.get(person.serialHex)).toEqual({ revokedAt: hours(2), reason: 'keyCompromise' });
  });

  it('names the kind of signer in a certificate policy that openssl reads', async () => {
    const issue = (profile: 'seal' | 'person', event?: boolean) =>
      pki.issue({
        profile,
        ...(event ? { event } : {}),
        subject: [{ type: 'CN', value: '李四' }],
        publicKey: generateKeyPair('ecdsa-p256').publicKey,
        now,
      });
    const [seal, person, event] = await Promise.all([issue('seal'), issue('person'), issue('person', true)]);
    expect([seal, person, event].map(signerKindOf)).toEqual(['seal', 'person', 'event']);
    expect(event.policies).toEqual([OID.policyEventCertificate]);
    expect(signerKindOf(pki.issuing.certificate)).toBeUndefined();
    const text = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], { input: event.der });
    expect(text.toString()).toContain(`Policy: ${OID.policyEventCertificate}`);
  });

  it('sees certificates and revocations written by another process holding the same PKI', async () => {
    const server = await loadPki(dir, passphrase); // e.g. `openseal pki serve`, loaded first
    const cli = await loadPki(dir, passphrase);
    const seal = await cli.issue({
      profile: 'seal',
      subject: [{ type: 'CN', value: '档案馆业务专用章' }],
      publicKey: generateKeyPair('ecdsa-p256').publicKey,
      now,
    });
    expect(server.revocationStatus(seal)).toEqual({ status: 'good' });
    await server.revoke(seal.serialNumber, 'superseded', hours(4));
    expect(cli.revocationStatus(seal)).toMatchObject({ status: 'revoked', reason: 'superseded' });
    // The issued record written by `cli` survived `server`'s write.
    expect((await loadPki(dir, passphrase)).revocationStatus(seal)).toMatchObject({ status: 'revoked' });
  });

  it("reports 'unknown' for certificates it did not issue, even when signed with its key", async () => {
    const stray = await issueCertificate({
      profile: 'seal',
      subject: [{ type: 'CN', value: 'not recorded' }],
      subjectPublicKey: generateKeyPair('ecdsa-p256').publicKey,
      issuer: { certificate: pki.issuing.certificate, signer: pki.issuing.signer },
      notBefore: now,
      notAfter: hours(24),
    });
    expect(pki.revocationStatus(stray)).toEqual({ status: 'unknown' });
  });

  it('caches CRLs for half their validity, bumps cRLNumber, and reissues after a revocation', async () => {
    const first = await pki.crl('issuing', hours(10));
    expect(await pki.crl('issuing', hours(11))).toBe(first);
    const firstParsed = parseCrl(first);
    expect(firstParsed.isSignedBy(pki.issuing.certificate)).toBe(true);
    expect(firstParsed.nextUpdate).toEqual(hours(34));

    const afterHalf = parseCrl(await pki.crl('issuing', hours(22)));
    expect(afterHalf.crlNumber).toBe(firstParsed.crlNumber! + 1n);

    await pki.revoke(pki.demoSeal.certificate.serialNumber, 'superseded', hours(22));
    const afterRevoke = parseCrl(await pki.crl('issuing', hours(22)));
    expect(afterRevoke.crlNumber).toBe(afterHalf.crlNumber! + 1n);
    expect(afterRevoke.revoked.get(pki.demoSeal.certificate.serialHex)?.reason).toBe('superseded');

    // cRLNumber survives a reload (RFC 5280 5.2.3: monotonically increasing).
    const reloaded = await loadPki(dir, passphrase);
    expect(parseCrl(await reloaded.crl('issuing', hours(23))).crlNumber).toBe(afterRevoke.crlNumber! + 1n);

    const rootCrl = await pki.crl('root', hours(22));
    expect(parseCrl(rootCrl).isSignedBy(pki.root.certificate)).toBe(true);

    // openssl agrees: with both CRLs, the revoked demo seal fails and the TSA passes.
    const tmp = tempDir('ca-verify');
    const bundle = writeTemp(
      tmp,
      'trust.pem',
      pki.root.certificate.toPem() +
        toPem('X509 CRL', rootCrl) +
        toPem('X509 CRL', await pki.crl('issuing', hours(22))),
    );
    const verify = (file: string) =>
      openssl([
        'verify',
        '-attime',
        String(hours(23).getTime() / 1000),
        '-crl_check_all',
        '-CAfile',
        bundle,
        '-untrusted',
        join(dir, 'issuing-ca.pem'),
        join(dir, file),
      ]);
    expect(verify('tsa.pem').status).toBe(0);
    const revoked = verify('seal-demo.pem');
    expect(revoked.status).not.toBe(0);
    expect(revoked.stdout + revoked.stderr).toMatch(/certificate revoked/);
  });

  it('refuses a non-empty directory without force, and a wrong passphrase or missing PKI on load', async () => {
    await expect(initPki({ dir, passphrase, now })).rejects.toThrow(code('ERR_PKI_EXISTS'));
    await expect(loadPki(dir, 'wrong passphrase')).rejects.toThrow(code('ERR_KEY_PASSPHRASE'));
    await expect(loadPki(join(dir, 'nowhere'), passphrase)).rejects.toThrow(code('ERR_PKI_NOT_FOUND'));
  });

  it('detects a key file that does not match its certificate', async () => {
    const copy = join(tempDir('ca-swap'), 'pki');
    await initPki({ dir: copy, passphrase, now, keyAlgorithm: 'ecdsa-p256' });
    writeFileSync(join(copy, 'tsa.key.pem'), readFileSync(join(copy, 'ocsp.key.pem')));
    await expect(loadPki(copy, passphrase)).rejects.toThrow(code('ERR_CERT_INVALID'));
  });
});

describe('built-in PKI variants', () => {
  it('ecdsa-p256 with force over an existing PKI', async () => {
    const dir = tempDir('ca-ec');
    writeFileSync(join(dir, 'README'), 'occupied');
    await expect(initPki({ dir, passphrase, now, keyAlgorithm: 'ecdsa-p256' })).rejects.toThrow(
      code('ERR_PKI_EXISTS'),
    );
    await initPki({ dir, passphrase, now, keyAlgorithm: 'ecdsa-p256', force: true });
    const pki = await loadPki(dir, passphrase);
    expect(pki.demoSeal.certificate.keyType).toBe('ec');
    expect(pki.demoSeal.certificate.signatureAlgorithmOid).toBe(OID.ecdsaWithSHA256);
    expect(pki.baseUrl).toBe('http://localhost:8080/pki');
    const r = openssl([
      'verify',
      '-attime',
      String(hours(1).getTime() / 1000),
      '-CAfile',
      join(dir, 'root-ca.pem'),
      '-untrusted',
      join(dir, 'issuing-ca.pem'),
      join(dir, 'seal-demo.pem'),
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it('rsa-3072', async () => {
    const dir = tempDir('ca-rsa3072');
    await initPki({ dir, passphrase, now, keyAlgorithm: 'rsa-3072' });
    const pki = await loadPki(dir, passphrase);
    expect(pki.root.certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(pki.demoSeal.certificate.isIssuedBy(pki.issuing.certificate)).toBe(true);
  });
});
