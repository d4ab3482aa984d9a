import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../asn1/oids.ts';
import { initPki } from '../ca/init-pki.ts';
import { loadPki } from '../ca/load-pki.ts';
import type { Pki, RevocationStatus } from '../ca/pki.ts';
import { generateKeyPair } from '../keys/key-algorithm.ts';
import { softwareSigner } from '../keys/signer.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { checkOcspResponse } from './check-ocsp-response.ts';
import { fetchOcsp } from './fetch-ocsp.ts';
import { buildOcspRequest } from './ocsp-request.ts';
import { createOcspResponder } from './ocsp-responder.ts';
import { parseOcspResponse } from './ocsp-response.ts';

const code = (c: string) => expect.objectContaining({ code: c });
const now = new Date('2026-06-01T08:00:00Z');
const revokedAt = new Date('2026-05-20T10:00:00Z');
// Chain checked at `now`; openssl checks thisUpdate/nextUpdate against the real clock, hence the wide leeway.
const atNow = ['-attime', String(now.getTime() / 1000 + 60), '-validity_period', '1000000000'];

describe('OCSP responder and client', () => {
  const dir = tempDir('ocsp');
  let pki: Pki;
  let responder: ReturnType<typeof createOcspResponder>;
  let revokedSerial: bigint;
  let files: Record<'root' | 'issuing' | 'seal' | 'tsa', string>;

  beforeAll(async () => {
    await initPki({
      dir: join(dir, 'pki'),
      passphrase: 'pw',
      keyAlgorithm: 'ecdsa-p256',
      now: new Date('2026-01-01T00:00:00Z'),
    });
    pki = await loadPki(join(dir, 'pki'), 'pw');
    revokedSerial = pki.tsa.certificate.serialNumber;
    responder = createOcspResponder({
      issuer: pki.issuing.certificate,
      responder: pki.ocsp,
      status: (serial): RevocationStatus =>
        serial === revokedSerial
          ? { status: 'revoked', revokedAt, reason: 'keyCompromise' }
          : serial === pki.demoSeal.certificate.serialNumber
            ? { status: 'good' }
            : { status: 'unknown' },
      clock: () => now,
    });
    files = {
      root: writeTemp(dir, 'root.pem', pki.root.certificate.toPem()),
      issuing: writeTemp(dir, 'issuing.pem', pki.issuing.certificate.toPem()),
      seal: writeTemp(dir, 'seal.pem', pki.demoSeal.certificate.toPem()),
      tsa: writeTemp(dir, 'tsa.pem', pki.tsa.certificate.toPem()),
    };
  });

  const opensslCheck = (response: Uint8Array, cert: string, extra: string[] = []) =>
    openssl([
      'ocsp',
      '-respin',
      writeTemp(dir, 'resp.der', response),
      '-CAfile',
      files.root,
      '-issuer',
      files.issuing,
      ...extra,
      '-cert',
      cert,
      ...atNow,
    ]);

  it('answers an openssl request (nonce echoed) with a response openssl verifies', async () => {
    const req = join(dir, 'req.der');
    expect(openssl(['ocsp', '-issuer', files.issuing, '-cert', files.seal, '-reqout', req]).status).toBe(0);
    const response = await responder.respond(readFileSync(req));
    const r = opensslCheck(response, files.seal, ['-no_nonce']);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain(`${files.seal}: good`);
    // Without -cert, openssl checks the response against the request it read, nonce included.
    const nonce = openssl([
      'ocsp',
      '-reqin',
      req,
      '-respin',
      join(dir, 'resp.der'),
      '-CAfile',
      files.root,
      '-issuer',
      files.issuing,
      ...atNow,
    ]);
    expect(nonce.stderr).toContain('Response verify OK');
    expect(nonce.stderr).not.toMatch(/nonce/i);

    const text = openssl(['ocsp', '-respin', join(dir, 'resp.der'), '-resp_text', '-noverify']).stdout;
    expect(text).toContain('OCSP Nonce');
    expect(text).toContain('Responder Id: ');
    expect(text).toContain('Produced At: Jun  1 08:00:00 2026 GMT');
    expect(text).toContain('Next Update: Jun  2 08:00:00 2026 GMT');
  });

  it('reports a revoked certificate with its time and reason, for a SHA-256 CertID too', async () => {
    const req = join(dir, 'req256.der');
    expect(
      openssl(['ocsp', '-sha256', '-issuer', files.issuing, '-cert', files.tsa, '-reqout', req]).status,
    ).toBe(0);
    const response = await responder.respond(readFileSync(req));
    const r = opensslCheck(response, files.tsa, ['-sha256', '-no_nonce']);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain(`${files.tsa}: revoked`);
    expect(r.stdout).toContain('Reason: keyCompromise');

    const parsed = parseOcspResponse(response);
    expect(parsed.basic!.responses[0]!.certId.hashAlgorithmOid).toBe(OID.sha256);
    expect(checkOcspResponse(parsed, pki.tsa.certificate, pki.issuing.certificate)).toMatchObject({
      status: { status: 'revoked', revokedAt, reason: 'keyCompromise' },
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86_400_000),
      producedAt: now,
    });
  });

  it('builds requests openssl reads and answers them in process', async () => {
    const request = buildOcspRequest(pki.demoSeal.certificate, pki.issuing.certificate, {
      nonce: Uint8Array.of(1, 2, 3, 4),
    });
    const text = openssl(['ocsp', '-reqin', writeTemp(dir, 'ours.der', request), '-req_text']).stdout;
    expect(text).toContain('Hash Algorithm: sha1');
    expect(text).toContain(`Serial Number: ${pki.demoSeal.certificate.serialHex.toUpperCase()}`);
    expect(text).toContain('OCSP Nonce');
    const parsed = parseOcspResponse(await responder.respond(request));
    expect(parsed.basic!.nonce).toEqual(Uint8Array.of(1, 2, 3, 4));
    const result = checkOcspResponse(parsed, pki.demoSeal.certificate, pki.issuing.certificate);
    expect(result.status).toEqual({ status: 'good' });
    expect(result.responderCertificate.serialNumber).toBe(pki.ocsp.certificate.serialNumber);
    expect(parsed.basic!.certificates.map((c) => c.serialNumber)).toEqual([
      pki.ocsp.certificate.serialNumber,
    ]);
  });

  it('answers garbage with malformedRequest and foreign issuers with unauthorized', async () => {
    expect(parseOcspResponse(await responder.respond(Uint8Array.of(0x30, 0x01, 0x00))).responseStatus).toBe(
      'malformedRequest',
    );
    const foreign = buildOcspRequest(pki.issuing.certificate, pki.root.certificate);
    const parsed = parseOcspResponse(await responder.respond(foreign));
    expect(parsed.responseStatus).toBe('unauthorized');
    expect(() => checkOcspResponse(parsed, pki.issuing.certificate, pki.root.certificate)).toThrow(
      /answered unauthorized/,
    );
    const failing = createOcspResponder({
      issuer: pki.issuing.certificate,
      responder: pki.ocsp,
      status: () => {
        throw new Error('database down');
      },
    });
    const request = buildOcspRequest(pki.demoSeal.certificate, pki.issuing.certificate);
    expect(parseOcspResponse(await failing.respond(request)).responseStatus).toBe('internalError');
  });

  it('signs with the issuer itself, without embedding a certificate (responseFor)', async () => {
    const direct = createOcspResponder({
      issuer: pki.root.certificate,
      responder: pki.root,
      status: () => ({ status: 'good' }),
      clock: () => now,
    });
    const der = await direct.responseFor(pki.issuing.certificate);
    const parsed = parseOcspResponse(der);
    expect(parsed.basic!.certificates).toEqual([]);
    const result = checkOcspResponse(parsed, pki.issuing.certificate, pki.root.certificate);
    expect(result.responderCertificate.serialNumber).toBe(pki.root.certificate.serialNumber);
    const r = openssl([
      'ocsp',
      '-respin',
      writeTemp(dir, 'root-resp.der', der),
      '-CAfile',
      files.root,
      '-issuer',
      files.root,
      '-cert',
      files.issuing,
      ...atNow,
    ]);
    expect(r.stderr).toContain('Response verify OK');
    expect(r.stdout).toContain(': good');
    await expect(direct.responseFor(pki.demoSeal.certificate)).rejects.toThrow(code('ERR_OCSP_FAILED'));
  });

  it('rejects tampered responses, responses for another certificate and unauthorised responders', async () => {
    const der = await responder.responseFor(pki.demoSeal.certificate);
    const tampered = Uint8Array.from(der);
    const basic = parseOcspResponse(der).basic!;
    const at = Buffer.from(tampered).indexOf(Buffer.from(basic.signature));
    tampered[at + 10]! ^= 0x01;
    expect(() =>
      checkOcspResponse(parseOcspResponse(tampered), pki.demoSeal.certificate, pki.issuing.certificate),
    ).toThrow(/signature does not verify/);
    expect(() =>
      checkOcspResponse(parseOcspResponse(der), pki.tsa.certificate, pki.issuing.certificate),
    ).toThrow(/no status for certificate/);

    // A responder certificate issued by the issuing CA but without id-kp-OCSPSigning is refused at setup;
    // one with OCSPSigning from another CA is refused by the client.
    const keys = generateKeyPair('ecdsa-p256');
    const seal = await issueCertificate({
      profile: 'seal',
      subject: [{ type: 'CN', value: 'not a responder' }],
      subjectPublicKey: keys.publicKey,
      issuer: pki.issuing,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
    });
    const signer = softwareSigner(keys.privateKey);
    expect(() =>
      createOcspResponder({
        issuer: pki.issuing.certificate,
        responder: { certificate: seal, signer },
        status: () => ({ status: 'good' }),
      }),
    ).toThrow(/lacks id-kp-OCSPSigning/);
    const rogue = await issueCertificate({
      profile: 'ocsp',
      subject: [{ type: 'CN', value: 'root-issued responder' }],
      subjectPublicKey: keys.publicKey,
      issuer: pki.root,
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
    });
    const impostor = createOcspResponder({
      issuer: pki.issuing.certificate,
      responder: { certificate: rogue, signer },
      status: () => ({ status: 'good' }),
      clock: () => now,
    });
    const forged = parseOcspResponse(await impostor.responseFor(pki.demoSeal.certificate));
    expect(() => checkOcspResponse(forged, pki.demoSeal.certificate, pki.issuing.certificate)).toThrow(
      /not authorised by the certificate issuer/,
    );
  });

  it('fails closed on malformed responses', () => {
    expect(() => parseOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x07))).toThrow(
      code('ERR_OCSP_FAILED'),
    );
    expect(() => parseOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x00))).toThrow(/no responseBytes/);
    expect(() => parseOcspResponse(Uint8Array.of(1, 2, 3))).toThrow(code('ERR_OCSP_FAILED'));
    expect(parseOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03)).responseStatus).toBe('tryLater');
  });

  describe('fetchOcsp over HTTP', () => {
    let server: Server;
    let url: string;
    let answer: (body: Uint8Array) => Promise<Uint8Array>;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          if (req.headers['content-type'] !== 'application/ocsp-request') return res.writeHead(415).end();
          res
            .writeHead(200, { 'content-type': 'application/ocsp-response' })
            .end(await answer(Buffer.concat(chunks)));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ocsp`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('returns a checked response and refuses a mismatched nonce or an error status', async () => {
      answer = (body) => responder.respond(body);
      const der = await fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate, { url });
      expect(parseOcspResponse(der).basic!.nonce).toHaveLength(16);

      const stale = buildOcspRequest(pki.demoSeal.certificate, pki.issuing.certificate, {
        nonce: new Uint8Array(16),
      });
      answer = () => responder.respond(stale);
      await expect(fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate, { url })).rejects.toThrow(
        /another nonce/,
      );

      answer = () => responder.respond(Uint8Array.of(0));
      await expect(fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate, { url })).rejects.toThrow(
        /answered malformedRequest/,
      );
      // The certificate's own AIA URL points at the PKI's (unreachable) base URL.
      await expect(
        fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate, { timeoutMs: 500 }),
      ).rejects.toThrow(code('ERR_OCSP_FAILED'));
    });
  });
});
