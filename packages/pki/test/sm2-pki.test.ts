import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../src/asn1/oids.ts';
import { initPki } from '../src/ca/init-pki.ts';
import { loadPki } from '../src/ca/load-pki.ts';
import type { Pki } from '../src/ca/pki.ts';
import { parseCrl } from '../src/crl/parse-crl.ts';
import { createPkiServer } from '../src/http/pki-server.ts';
import { generateKeyPair } from '../src/keys/key-algorithm.ts';
import { sm3 } from '../src/keys/sm2.ts';
import { checkOcspResponse } from '../src/ocsp/check-ocsp-response.ts';
import { fetchOcsp } from '../src/ocsp/fetch-ocsp.ts';
import { buildOcspRequest } from '../src/ocsp/ocsp-request.ts';
import { createOcspResponder } from '../src/ocsp/ocsp-responder.ts';
import { parseOcspResponse } from '../src/ocsp/ocsp-response.ts';
import { httpTimestamper } from '../src/tsa/http-timestamper.ts';
import { createTimestampAuthority } from '../src/tsa/timestamp-authority.ts';
import { buildTimestampRequest } from '../src/tsa/timestamp-request.ts';
import { parseTimestampResponse } from '../src/tsa/timestamp-response.ts';
import { parseTimestampToken } from '../src/tsa/timestamp-token.ts';
import { verifyTimestampToken } from '../src/tsa/verify-timestamp-token.ts';
import { Certificate } from '../src/x509/certificate.ts';
import { openssl, tempDir, writeTemp } from '../src/x509/openssl-cli.test-support.ts';
import { gmCheck, gmOracle, gmOracleAvailable, minimalPdf } from './gm-oracle.test-support.ts';

const now = new Date('2026-06-01T00:00:00Z');
const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
const passphrase = 'sm2 passphrase 示范';
const code = (c: string) => expect.objectContaining({ code: c });
const oracle = gmOracleAvailable('SM2 PKI against gm-oracle');

describe('built-in PKI (sm2)', () => {
  const tmp = tempDir('sm2-pki');
  const dir = join(tmp, 'pki');
  let pki: Pki;
  beforeAll(async () => {
    await initPki({ dir, passphrase, keyAlgorithm: 'sm2', now });
    pki = await loadPki(dir, passphrase);
  });

  it('makes the whole hierarchy SM2, signed SM3withSM2, with the profiles of the RSA hierarchy', () => {
    const { root, issuing, tsa, ocsp, demoSeal } = pki;
    expect(JSON.parse(readFileSync(join(dir, 'pki.json'), 'utf8')).keyAlgorithm).toBe('sm2');
    for (const e of [root, issuing, tsa, ocsp, demoSeal]) {
      expect(e.certificate.keyType).toBe('sm2');
      expect(e.certificate.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
      expect(e.signer.keyType).toBe('sm2');
      expect(readFileSync(join(dir, `${fileOf(e.certificate)}.key.pem`), 'utf8')).toContain(
        'BEGIN ENCRYPTED PRIVATE KEY',
      );
    }
    expect(root.certificate.isIssuedBy(root.certificate)).toBe(true);
    expect(issuing.certificate.isIssuedBy(root.certificate)).toBe(true);
    for (const e of [tsa, ocsp, demoSeal]) expect(e.certificate.isIssuedBy(issuing.certificate)).toBe(true);
    expect(demoSeal.certificate.isIssuedBy(root.certificate)).toBe(false);
    expect(issuing.certificate.basicConstraints).toEqual({ ca: true, pathLength: 0 });
    expect(tsa.certificate.extKeyUsage).toEqual([OID.ekuTimeStamping]);
    expect(tsa.certificate.extKeyUsageCritical).toBe(true);
    expect(ocsp.certificate.extKeyUsage).toEqual([OID.ekuOcspSigning]);
    expect(ocsp.certificate.ocspNoCheck).toBe(true);
    expect([...(demoSeal.certificate.keyUsage ?? [])].sort()).toEqual(['digitalSignature', 'nonRepudiation']);
  });

  it('openssl verifies each link with the standard SM2 ID, and refuses it with its default empty ID', () => {
    const at = ['-attime', String(hours(1).getTime() / 1000)];
    // openssl applies -vfyopt distid to the certificate checked only, so each link is checked on its own.
    const links = [
      ['root-ca.pem', 'issuing-ca.pem'],
      ['issuing-ca.pem', 'seal-demo.pem'],
      ['issuing-ca.pem', 'tsa.pem'],
      ['issuing-ca.pem', 'ocsp.pem'],
    ];
    for (const [ca, leaf] of links) {
      const args = ['verify', ...at, '-partial_chain', '-CAfile', join(dir, ca!), join(dir, leaf!)];
      const r = openssl([...args.slice(0, -1), '-vfyopt', 'distid:1234567812345678', join(dir, leaf!)]);
      expect(r.stdout + r.stderr).toBe(`${join(dir, leaf!)}: OK\n`);
      expect(openssl(args).status).not.toBe(0);
    }
  });

  it('issues SM2 seal and person certificates, revokes, and signs its CRLs SM2', async () => {
    const person = await pki.issue({
      profile: 'person',
      subject: [
        { type: 'C', value: 'CN' },
        { type: 'CN', value: '张三' },
      ],
      publicKey: generateKeyPair('sm2').publicKey,
      email: 'zhang.san@demo.edu.cn',
      validDays: 30,
      now,
    });
    const seal = await pki.issue({
      profile: 'seal',
      subject: [{ type: 'CN', value: '教务处业务专用章' }],
      publicKey: generateKeyPair('sm2').publicKey,
      now,
    });
    for (const c of [person, seal]) {
      expect(c.keyType).toBe('sm2');
      expect(c.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
      expect(c.isIssuedBy(pki.issuing.certificate)).toBe(true);
    }
    expect(person.emailAddresses).toEqual(['zhang.san@demo.edu.cn']);
    await pki.revoke(person.serialNumber, 'keyCompromise', hours(2));
    const crlDer = await pki.crl('issuing', hours(3));
    const crl = parseCrl(crlDer);
    expect(Buffer.from(crlDer).includes(Buffer.from('06082a811ccf55018375', 'hex'))).toBe(true); // SM3withSM2
    expect(crl.isSignedBy(pki.issuing.certificate)).toBe(true);
    expect(crl.isSignedBy(pki.root.certificate)).toBe(false);
    expect(crl.revoked.get(person.serialHex)).toEqual({ revokedAt: hours(2), reason: 'keyCompromise' });
    expect(parseCrl(await pki.crl('root', hours(3))).isSignedBy(pki.root.certificate)).toBe(true);
    writeFileSync(join(tmp, 'issuing.crl'), crlDer);
    if (oracle) {
      const bc = gmCheck('crl', join(tmp, 'issuing.crl'), join(dir, 'issuing-ca.pem'));
      expect(bc.stdout, bc.stderr).toBe(`OK ${OID.sm2WithSm3} revoked=1\n`);
      expect(gmCheck('crl', join(tmp, 'issuing.crl'), join(dir, 'root-ca.pem')).status).toBe(1);
    }
  });

  it('answers OCSP with SM2-signed responses that we and BouncyCastle verify', async () => {
    const responder = createOcspResponder({
      issuer: pki.issuing.certificate,
      responder: pki.ocsp,
      status: (serial) => pki.revocationStatusBySerial('issuing', serial),
      clock: () => hours(4),
    });
    const response = await responder.respond(
      buildOcspRequest(pki.demoSeal.certificate, pki.issuing.certificate),
    );
    const parsed = parseOcspResponse(response);
    expect(parsed.basic!.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
    const result = checkOcspResponse(parsed, pki.demoSeal.certificate, pki.issuing.certificate);
    expect(result.status).toEqual({ status: 'good' });
    expect(result.responderCertificate.serialNumber).toBe(pki.ocsp.certificate.serialNumber);

    // One flipped bit in the signature is refused.
    const tampered = Uint8Array.from(response);
    tampered[tampered.length - 1 - (pki.ocsp.certificate.der.length + 8)]! ^= 1;
    expect(() =>
      checkOcspResponse(parseOcspResponse(tampered), pki.demoSeal.certificate, pki.issuing.certificate),
    ).toThrow(code('ERR_OCSP_FAILED'));
    if (oracle) {
      const file = writeTemp(tmp, 'ocsp.der', response);
      const bc = gmCheck('ocsp', file, join(dir, 'ocsp.pem'));
      expect(bc.stdout, bc.stderr).toBe(`OK ${OID.sm2WithSm3} responses=1\n`);
      expect(gmCheck('ocsp', writeTemp(tmp, 'ocsp-bad.der', tampered), join(dir, 'ocsp.pem')).status).toBe(1);
    }
  });

  it('issues RFC 3161 tokens signed SM3withSM2 over SM3 and SHA-256 imprints', async () => {
    const tsa = createTimestampAuthority({
      certificate: pki.tsa.certificate,
      signer: pki.tsa.signer,
      chain: [pki.issuing.certificate],
      clock: () => hours(5),
    });
    const data = new TextEncoder().encode('signature value stand-in');
    // The HTTP path: an SM3 TimeStampReq (imprint OID 1.2.156.10197.1.401) is granted.
    const reply = parseTimestampResponse(
      await tsa.respond(buildTimestampRequest(sm3(data), 'sm3', { certReq: true })),
    );
    expect(reply.status).toBe(0);
    for (const token of [
      reply.token!,
      await tsa.timestamp(createHash('sha256').update(data).digest(), 'sha256'),
    ]) {
      const parsed = parseTimestampToken(token);
      const si = parsed.signedData.signerInfos[0]!;
      expect(si.signatureAlgorithmOid).toBe(OID.sm2WithSm3);
      expect(si.digestAlgorithmOid).toBe(OID.sm3);
      // ESSCertIDv2 names the TSA certificate by its SM3 hash.
      expect(si.signingCertificateV2?.map((id) => id.hashAlgorithmOid)).toEqual([OID.sm3]);
      expect(parsed.genTime).toEqual(hours(5));
      expect(verifyTimestampToken(parsed).serialNumber).toBe(pki.tsa.certificate.serialNumber);
    }
    const sm3Token = parseTimestampToken(reply.token!);
    expect(sm3Token.messageImprint).toEqual({
      digestAlgorithmOid: OID.sm3,
      digest: new Uint8Array(sm3(data)),
    });
    if (oracle) {
      const bc = gmCheck('tsa', writeTemp(tmp, 'token.der', reply.token!), join(dir, 'tsa.pem'));
      expect(bc.stdout, bc.stderr).toBe(`OK imprint=${OID.sm3} sig=${OID.sm2WithSm3}\n`);
      expect(gmCheck('tsa', join(tmp, 'token.der'), join(dir, 'seal-demo.pem')).status).toBe(1);
    }
  });

  it('serves the SM2 PKI over HTTP: CRL, OCSP and time-stamps over SM3 imprints', async () => {
    const server = createPkiServer(pki);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pki`;
      const crl = new Uint8Array(await (await fetch(`${base}/crl/issuing-ca.crl`)).arrayBuffer());
      expect(parseCrl(crl).isSignedBy(pki.issuing.certificate)).toBe(true);
      const ocsp = await fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate, {
        url: `${base}/ocsp`,
      });
      const status = checkOcspResponse(
        parseOcspResponse(ocsp),
        pki.demoSeal.certificate,
        pki.issuing.certificate,
      );
      expect(status.status).toEqual({ status: 'good' });
      const digest = sm3(new TextEncoder().encode('document'));
      const token = parseTimestampToken(await httpTimestamper(`${base}/tsa`).timestamp(digest, 'sm3'));
      expect(token.messageImprint.digestAlgorithmOid).toBe(OID.sm3);
      expect(Buffer.from(token.messageImprint.digest).equals(digest)).toBe(true);
      expect(verifyTimestampToken(token).serialNumber).toBe(pki.tsa.certificate.serialNumber);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('refuses a certificate whose signature algorithm is swapped or unknown, never a pass', () => {
    const der = Uint8Array.from(pki.demoSeal.certificate.der);
    const sm2WithSm3 = Buffer.from('06082a811ccf55018375', 'hex');
    const swap = (replacement: string) => {
      const out = Buffer.from(der);
      let at = out.indexOf(sm2WithSm3);
      while (at >= 0) {
        Buffer.from(replacement, 'hex').copy(out, at);
        at = out.indexOf(sm2WithSm3, at + 1);
      }
      return Certificate.fromDer(out);
    };
    // ecdsa-with-SHA256 has the same encoded length; 1.2.156.10197.1.502 (SM3withSM2's unknown neighbour) too.
    expect(swap('06082a8648ce3d040302').isIssuedBy(pki.issuing.certificate)).toBe(false);
    expect(swap('06082a811ccf55018376').isIssuedBy(pki.issuing.certificate)).toBe(false);
  });

  it.skipIf(!oracle)('gm-oracle signs a PDF with our seal and TSA keys and trusts our chain', async () => {
    const keyPem = (e: Pki['demoSeal']) => e.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const files = {
      pdf: writeTemp(tmp, 'in.pdf', minimalPdf()),
      key: writeTemp(tmp, 'seal.key.pem', keyPem(pki.demoSeal)),
      tsaKey: writeTemp(tmp, 'tsa.key.pem', keyPem(pki.tsa)),
    };
    const out = join(tmp, 'signed.pdf');
    const signed = gmOracle([
      'sign-pdf',
      files.pdf,
      out,
      '--key',
      files.key,
      '--cert',
      join(dir, 'seal-demo.pem'),
      '--chain',
      join(dir, 'issuing-ca.pem'),
      '--tsa-key',
      files.tsaKey,
      '--tsa-cert',
      join(dir, 'tsa.pem'),
    ]);
    expect(signed.status, signed.stderr).toBe(0);
    const verified = gmOracle([
      'verify-pdf',
      out,
      '--trust',
      join(dir, 'root-ca.pem'),
      '--chain',
      join(dir, 'issuing-ca.pem'),
    ]);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.json[0]).toMatchObject({
      sigAlg: 'SM3withSM2',
      intact: true,
      signatureValid: true,
      chainTrusted: true,
      timestamp: { present: true, valid: true, tsaTrusted: true },
    });
    // Without our root as anchor the oracle does not trust the chain.
    expect(gmOracle(['verify-pdf', out]).status).toBe(1);
  });
});

function fileOf(c: Certificate): string {
  if (c.isSelfIssued()) return 'root-ca';
  if (c.basicConstraints?.ca) return 'issuing-ca';
  if (c.extKeyUsage?.includes(OID.ekuTimeStamping)) return 'tsa';
  if (c.extKeyUsage?.includes(OID.ekuOcspSigning)) return 'ocsp';
  return 'seal-demo';
}
