import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { explicit, octetString, oid, readOctetString, sequence } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { initPki } from '../ca/init-pki.ts';
import { loadPki } from '../ca/load-pki.ts';
import type { Pki } from '../ca/pki.ts';
import { softwareSigner } from '../keys/signer.ts';
import { Certificate } from '../x509/certificate.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { attribute } from './attribute.ts';
import { buildSignedData } from './signed-data-builder.ts';
import { parseSignedData } from './signed-data-parser.ts';
import { findSignerCertificate, verifySignerInfoSignature } from './signer-info-verify.ts';
import { signingCertificateMatches } from './signing-certificate.ts';

const code = (c: string) => expect.objectContaining({ code: c });
const sha = (alg: string, data: Uint8Array) => createHash(alg).update(data).digest();
const content = new TextEncoder().encode('%PDF-1.7 signed byte ranges stand-in\n');

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('CMS SignedData (%s)', (keyAlgorithm) => {
  const dir = tempDir('cms');
  let pki: Pki;
  let rootPem: string;
  beforeAll(async () => {
    await initPki({ dir: join(dir, 'pki'), passphrase: 'pw', keyAlgorithm });
    pki = await loadPki(join(dir, 'pki'), 'pw');
    rootPem = writeTemp(dir, 'root.pem', pki.root.certificate.toPem());
  });

  const sign = (extra: Partial<Parameters<typeof buildSignedData>[0]> = {}) =>
    buildSignedData({
      signer: pki.demoSeal.signer,
      certificate: pki.demoSeal.certificate,
      certificates: [pki.demoSeal.certificate, pki.issuing.certificate],
      messageDigest: sha('sha256', content),
      ...extra,
    });

  it('builds a detached PAdES-style signature that openssl verifies against the root', async () => {
    const der = await sign();
    const cms = writeTemp(dir, 'detached.p7s', der);
    const data = writeTemp(dir, 'content.bin', content);
    const r = openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cms,
      '-content',
      data,
      '-CAfile',
      rootPem,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(r.stderr).toContain('Verification successful');
    expect(r.status).toBe(0);

    // Same signature, other content: openssl must refuse it.
    const other = writeTemp(dir, 'other.bin', new TextEncoder().encode('something else'));
    const bad = openssl([
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cms,
      '-content',
      other,
      '-CAfile',
      rootPem,
      '-purpose',
      'any',
      '-out',
      '/dev/null',
    ]);
    expect(bad.status).not.toBe(0);

    const printed = openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cms]).stdout;
    expect(printed).toContain('id-smime-aa-signingCertificateV2');
    expect(printed).not.toContain('signingTime');
  });

  it('parses its own output: attributes, sid, ESS certificate binding and signature math', async () => {
    const der = await sign();
    const sd = parseSignedData(der);
    expect(sd.contentType).toBe(OID.data);
    expect(sd.eContent).toBeUndefined();
    expect(sd.digestAlgorithmOids).toEqual([OID.sha256]);
    expect(sd.certificates.map((c) => c.serialNumber)).toEqual([
      pki.demoSeal.certificate.serialNumber,
      pki.issuing.certificate.serialNumber,
    ]);
    expect(sd.signerInfos).toHaveLength(1);
    const si = sd.signerInfos[0]!;
    expect(si.version).toBe(1);
    expect(si.sid).toEqual({
      issuerDer: pki.issuing.certificate.subjectDer,
      serialNumber: pki.demoSeal.certificate.serialNumber,
    });
    expect([...si.signedAttrs.keys()].sort()).toEqual(
      [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
    );
    expect(si.signedAttrsDer?.[0]).toBe(0x31);
    expect(Buffer.from(si.messageDigest!)).toEqual(sha('sha256', content));
    expect(si.signingTime).toBeUndefined();
    // RFC 5035: hashAlgorithm omitted means SHA-256.
    expect(si.signingCertificateV2).toEqual([
      { hashAlgorithmOid: OID.sha256, certHash: expect.any(Uint8Array) },
    ]);
    const cert = findSignerCertificate(sd, si)!;
    expect(cert.serialNumber).toBe(pki.demoSeal.certificate.serialNumber);
    expect(signingCertificateMatches(si, cert)).toBe(true);
    expect(signingCertificateMatches(si, pki.issuing.certificate)).toBe(false);
    expect(verifySignerInfoSignature(si, cert)).toBe(true);
    expect(verifySignerInfoSignature(si, pki.issuing.certificate)).toBe(false);

    const tampered = Uint8Array.from(der);
    const sigAt = Buffer.from(tampered).indexOf(Buffer.from(si.signature));
    tampered[sigAt + 5]! ^= 0x01;
    expect(verifySignerInfoSignature(parseSignedData(tampered).signerInfos[0]!, cert)).toBe(false);
  });

  it('adds signing-time, extra signed and unsigned attributes, and embeds CRLs', async () => {
    const crl = await pki.crl('issuing');
    let seen: Uint8Array | undefined;
    const der = await sign({
      signingTime: new Date('2026-03-04T05:06:07Z'),
      extraSignedAttributes: [attribute('1.2.3.4.5', octetString(Uint8Array.of(1, 2, 3)))],
      unsignedAttributes: async (signature) => {
        seen = signature;
        return [attribute(OID.signatureTimeStampToken, octetString(sha('sha256', signature)))];
      },
      crls: [crl],
    });
    const sd = parseSignedData(der);
    const si = sd.signerInfos[0]!;
    expect(Buffer.from(si.signature)).toEqual(Buffer.from(seen!));
    expect(si.signingTime).toEqual(new Date('2026-03-04T05:06:07Z'));
    expect(si.signedAttrs.has('1.2.3.4.5')).toBe(true);
    const [tokenNode] = si.unsignedAttrs.get(OID.signatureTimeStampToken)!;
    expect(Buffer.from(readOctetString(tokenNode!))).toEqual(sha('sha256', si.signature));
    expect(Buffer.from(sd.crls[0]!)).toEqual(Buffer.from(crl));
    expect(verifySignerInfoSignature(si, pki.demoSeal.certificate)).toBe(true);
  });

  it('encapsulates content with another content type (SignedData v3), verified by openssl', async () => {
    const eContent = new TextEncoder().encode('encapsulated');
    const signer = softwareSigner(pki.demoSeal.privateKey, 'sha384');
    const der = await buildSignedData({
      signer,
      certificate: pki.demoSeal.certificate,
      certificates: [pki.demoSeal.certificate, pki.issuing.certificate],
      contentType: OID.tstInfo,
      eContent,
      messageDigest: sha('sha384', eContent),
    });
    const sd = parseSignedData(der);
    expect(sd.contentType).toBe(OID.tstInfo);
    expect(Buffer.from(sd.eContent!)).toEqual(Buffer.from(eContent));
    expect(sd.digestAlgorithmOids).toEqual([OID.sha384]);
    expect(verifySignerInfoSignature(sd.signerInfos[0]!, pki.demoSeal.certificate)).toBe(true);
    const printed = openssl([
      'cms',
      '-cmsout',
      '-print',
      '-inform',
      'DER',
      '-in',
      writeTemp(dir, 'v3.p7s', der),
    ]);
    expect(printed.stdout).toMatch(/version: 3/);
    expect(printed.stdout).toContain('id-smime-ct-TSTInfo');
  });

  it('rejects a digest whose length does not fit the signer digest algorithm', async () => {
    await expect(sign({ messageDigest: new Uint8Array(20) })).rejects.toThrow(code('ERR_CMS_INVALID'));
  });
});

describe('parseSignedData on openssl output and malformed input', () => {
  const dir = tempDir('cms-openssl');
  let root: string;
  let key: string;
  let cert: Certificate;
  beforeAll(() => {
    key = join(dir, 'key.pem');
    root = join(dir, 'cert.pem');
    const r = openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      root,
      '-subj',
      '/CN=openssl signer',
      '-days',
      '2',
    ]);
    expect(r.status).toBe(0);
    cert = Certificate.fromPem(readFileSync(root, 'utf8'))[0]!;
  });

  const opensslSign = (name: string, extra: string[]): Uint8Array => {
    const data = writeTemp(dir, 'data.bin', content);
    const out = join(dir, name);
    const r = openssl([
      'cms',
      '-sign',
      '-binary',
      '-in',
      data,
      '-signer',
      root,
      '-inkey',
      key,
      '-outform',
      'DER',
      '-out',
      out,
      ...extra,
    ]);
    expect(r.stderr).toBe('');
    return readFileSync(out);
  };

  it('reads a detached openssl signature with signing-time and verifies it', () => {
    const sd = parseSignedData(opensslSign('openssl.p7s', []));
    const si = sd.signerInfos[0]!;
    expect(si.signingTime).toBeInstanceOf(Date);
    expect(Buffer.from(si.messageDigest!)).toEqual(sha('sha256', content));
    expect(findSignerCertificate(sd, si)?.serialNumber).toBe(cert.serialNumber);
    expect(verifySignerInfoSignature(si, cert)).toBe(true);
  });

  it('verifies a legacy RSA signature without signed attributes over the content digest', () => {
    const sd = parseSignedData(opensslSign('noattr.p7s', ['-noattr']));
    const si = sd.signerInfos[0]!;
    expect(si.signedAttrsDer).toBeUndefined();
    expect(si.signatureAlgorithmOid).toBe(OID.rsaEncryption);
    expect(verifySignerInfoSignature(si, cert, sha('sha256', content))).toBe(true);
    expect(verifySignerInfoSignature(si, cert, sha('sha256', Uint8Array.of(1)))).toBe(false);
    expect(verifySignerInfoSignature(si, cert)).toBe(false);
  });

  it('accepts zero padding after the ContentInfo and rejects anything else', () => {
    const der = opensslSign('pad.p7s', []);
    const padded = new Uint8Array(der.length + 4096);
    padded.set(der);
    expect(parseSignedData(padded).signerInfos).toHaveLength(1);
    padded[der.length + 100] = 0x30;
    expect(() => parseSignedData(padded)).toThrow(code('ERR_CMS_INVALID'));
    expect(() => parseSignedData(der.subarray(0, der.length - 1))).toThrow(code('ERR_CMS_INVALID'));
    expect(() => parseSignedData(new Uint8Array(0))).toThrow(code('ERR_CMS_INVALID'));
    expect(() => parseSignedData(Uint8Array.of(0x30, 0x03, 0x06, 0x01, 0x2a))).toThrow(
      code('ERR_CMS_INVALID'),
    );
  });

  it('rejects a ContentInfo that is not SignedData, duplicated signed attributes and bad certificates', async () => {
    const data = sequence(oid(OID.data), explicit(0, octetString(content)));
    expect(() => parseSignedData(data)).toThrow(/not SignedData/);

    const signer = softwareSigner((await import('node:crypto')).createPrivateKey(readFileSync(key, 'utf8')));
    const dup = await buildSignedData({
      signer,
      certificate: cert,
      messageDigest: sha('sha256', content),
      extraSignedAttributes: [attribute(OID.contentType, oid(OID.data))],
    });
    expect(() => parseSignedData(dup)).toThrow(/appears twice/);

    const good = await buildSignedData({ signer, certificate: cert, messageDigest: sha('sha256', content) });
    // Corrupt the certificate's inner signature algorithm OID: the embedded certificate no longer parses.
    const broken = Uint8Array.from(good);
    const certAt = Buffer.from(broken).indexOf(Buffer.from(cert.tbsDer));
    const algAt = Buffer.from(broken).indexOf(Buffer.from(oid(OID.sha256WithRSAEncryption)), certAt);
    broken[algAt + 10]! ^= 0x01;
    expect(() => parseSignedData(broken)).toThrow(/certificate 0/);
  });

  it('rejects a content-type attribute that differs from eContentType', async () => {
    const signer = softwareSigner((await import('node:crypto')).createPrivateKey(readFileSync(key, 'utf8')));
    const der = await buildSignedData({
      signer,
      certificate: cert,
      messageDigest: sha('sha256', content),
      eContent: content,
    });
    // Flip the eContentType (id-data -> id-data with last arc 2) inside encapContentInfo only.
    const at = Buffer.from(der).lastIndexOf(Buffer.from(oid(OID.data)));
    const encapAt = Buffer.from(der).indexOf(Buffer.from(oid(OID.data)));
    expect(encapAt).not.toBe(at);
    const changed = Uint8Array.from(der);
    changed[encapAt + oid(OID.data).length - 1] = 0x02;
    expect(() => parseSignedData(changed)).toThrow(/differs from eContentType/);
  });
});
