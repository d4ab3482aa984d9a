import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initPki } from '../ca/init-pki.ts';
import { loadPki } from '../ca/load-pki.ts';
import type { Pki } from '../ca/pki.ts';
import { parseCrl } from '../crl/parse-crl.ts';
import { generateKeyPair } from '../keys/key-algorithm.ts';
import { checkOcspResponse } from '../ocsp/check-ocsp-response.ts';
import { fetchOcsp } from '../ocsp/fetch-ocsp.ts';
import { buildOcspRequest } from '../ocsp/ocsp-request.ts';
import { parseOcspResponse } from '../ocsp/ocsp-response.ts';
import { httpTimestamper } from '../tsa/http-timestamper.ts';
import { parseTimestampResponse } from '../tsa/timestamp-response.ts';
import { parseTimestampToken } from '../tsa/timestamp-token.ts';
import { issueCertificate } from '../x509/certificate-builder.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { createPkiServer } from './pki-server.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** openssl against this process's own server must not block the event loop (spawnSync would deadlock). */
const opensslAsync = (args: string[]) =>
  new Promise<{ stdout: string; stderr: string }>((resolve) =>
    execFile('openssl', args, (_error, stdout, stderr) => resolve({ stdout, stderr })),
  );

/** A raw request, so the test sees exactly what the server sends (no client-side retries or limits). */
function raw(
  method: string,
  url: string,
  body?: Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; type?: string; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          type: res.headers['content-type'],
          body: Buffer.concat(chunks),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('PKI HTTP server', () => {
  const dir = tempDir('pki-server');
  let pki: Pki;
  let base: string;
  let server: ReturnType<typeof createPkiServer>;
  let files: Record<'root' | 'issuing' | 'seal', string>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/pki`;
    await initPki({ dir: join(dir, 'pki'), passphrase: 'pw', keyAlgorithm: 'ecdsa-p256', baseUrl: base });
    pki = await loadPki(join(dir, 'pki'), 'pw');
    server = createPkiServer(pki);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    files = {
      root: writeTemp(dir, 'root.pem', pki.root.certificate.toPem()),
      issuing: writeTemp(dir, 'issuing.pem', pki.issuing.certificate.toPem()),
      seal: writeTemp(dir, 'seal.pem', pki.demoSeal.certificate.toPem()),
    };
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves /health, the CA certificates and the CRLs the certificates point to', async () => {
    const health = await raw('GET', base.replace('/pki', '/health'));
    expect(health).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok' });

    const [rootUrl] = pki.issuing.certificate.caIssuerUrls;
    const root = await raw('GET', rootUrl!);
    expect(root.type).toBe('application/pkix-cert');
    expect(root.body.equals(pki.root.certificate.der)).toBe(true);
    const issuing = await raw('GET', pki.demoSeal.certificate.caIssuerUrls[0]!);
    expect(issuing.body.equals(pki.issuing.certificate.der)).toBe(true);

    for (const [url, issuer] of [
      [pki.demoSeal.certificate.crlUrls[0]!, pki.issuing.certificate],
      [pki.issuing.certificate.crlUrls[0]!, pki.root.certificate],
    ] as const) {
      const crl = await raw('GET', url);
      expect(crl).toMatchObject({ status: 200, type: 'application/pkix-crl' });
      expect(parseCrl(crl.body).isSignedBy(issuer)).toBe(true);
    }
  });

  it('time-stamps over HTTP for our client and for openssl', async () => {
    const digest = createHash('sha256').update('document').digest();
    const token = await httpTimestamper(`${base}/tsa`).timestamp(digest, 'sha256');
    expect(parseTimestampToken(token).signedData.certificates).toHaveLength(2);
    const verify = openssl([
      'ts',
      '-verify',
      '-digest',
      digest.toString('hex'),
      '-in',
      writeTemp(dir, 't.der', token),
      '-token_in',
      '-CAfile',
      files.root,
    ]);
    expect(verify.stdout).toContain('Verification: OK');

    const garbage = await raw('POST', `${base}/tsa`, Uint8Array.of(1, 2), {
      'content-type': 'application/timestamp-query',
    });
    expect(garbage).toMatchObject({ status: 200, type: 'application/timestamp-reply' });
    expect(parseTimestampResponse(garbage.body).failures).toEqual(['badDataFormat']);
  });

  it('answers OCSP over POST (our client and openssl -url) and GET, and reflects revocation', async () => {
    // The seal certificate's AIA points at this server.
    const good = parseOcspResponse(await fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate));
    expect(checkOcspResponse(good, pki.demoSeal.certificate, pki.issuing.certificate).status).toEqual({
      status: 'good',
    });
    const viaOpenssl = await opensslAsync([
      'ocsp',
      '-issuer',
      files.issuing,
      '-cert',
      files.seal,
      '-url',
      `${base}/ocsp`,
      '-CAfile',
      files.root,
    ]);
    expect(viaOpenssl.stderr).toContain('Response verify OK');
    expect(viaOpenssl.stdout).toContain(`${files.seal}: good`);

    const request = buildOcspRequest(pki.demoSeal.certificate, pki.issuing.certificate);
    const get = await raw(
      'GET',
      `${base}/ocsp/${encodeURIComponent(Buffer.from(request).toString('base64'))}`,
    );
    expect(get.type).toBe('application/ocsp-response');
    expect(
      checkOcspResponse(parseOcspResponse(get.body), pki.demoSeal.certificate, pki.issuing.certificate)
        .status,
    ).toEqual({ status: 'good' });

    // The issuing CA itself is answered by the root, signing directly.
    const ca = parseOcspResponse(
      await fetchOcsp(pki.issuing.certificate, pki.root.certificate, { url: `${base}/ocsp` }),
    );
    const caResult = checkOcspResponse(ca, pki.issuing.certificate, pki.root.certificate);
    expect(caResult.status).toEqual({ status: 'good' });
    expect(caResult.responderCertificate.serialNumber).toBe(pki.root.certificate.serialNumber);

    // A certificate made with the CA key but never issued through the PKI is not vouched for.
    const { publicKey } = generateKeyPair('ecdsa-p256');
    const stray = await issueCertificate({
      profile: 'seal',
      subject: [{ type: 'CN', value: 'not issued by the registry' }],
      subjectPublicKey: publicKey,
      issuer: { certificate: pki.issuing.certificate, signer: pki.issuing.signer },
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    const strayResult = checkOcspResponse(
      parseOcspResponse(await fetchOcsp(stray, pki.issuing.certificate, { url: `${base}/ocsp` })),
      stray,
      pki.issuing.certificate,
    );
    expect(strayResult.status).toEqual({ status: 'unknown' });

    const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await pki.revoke(pki.demoSeal.certificate.serialNumber, 'keyCompromise', at);
    const revoked = parseOcspResponse(await fetchOcsp(pki.demoSeal.certificate, pki.issuing.certificate));
    expect(checkOcspResponse(revoked, pki.demoSeal.certificate, pki.issuing.certificate).status).toEqual({
      status: 'revoked',
      revokedAt: at,
      reason: 'keyCompromise',
    });
    const afterRevoke = await opensslAsync([
      'ocsp',
      '-issuer',
      files.issuing,
      '-cert',
      files.seal,
      '-url',
      `${base}/ocsp`,
      '-CAfile',
      files.root,
    ]);
    expect(afterRevoke.stdout).toContain(`${files.seal}: revoked`);
    const crl = parseCrl((await raw('GET', pki.demoSeal.certificate.crlUrls[0]!)).body);
    expect(crl.revoked.has(pki.demoSeal.certificate.serialHex)).toBe(true);
  });

  it('answers 404, 405, 415 and 413 without leaking internals', async () => {
    const notFound = await raw('GET', `${base}/nothing`);
    expect(notFound).toMatchObject({ status: 404, type: 'text/plain; charset=utf-8' });
    expect((await raw('GET', `${base.replace('/pki', '')}/other/tsa`)).status).toBe(404);
    expect(await raw('GET', `${base}/tsa`)).toMatchObject({ status: 405, headers: { allow: 'POST' } });
    expect((await raw('POST', `${base}/crl/root-ca.crl`)).status).toBe(405);
    expect(
      (await raw('POST', `${base}/tsa`, Uint8Array.of(1), { 'content-type': 'text/plain' })).status,
    ).toBe(415);

    const big = new Uint8Array(65 * 1024);
    const declared = await raw('POST', `${base}/ocsp`, big, { 'content-type': 'application/ocsp-request' });
    expect(declared.status).toBe(413);
    const chunked = await raw('POST', `${base}/ocsp`, big, {
      'content-type': 'application/ocsp-request',
      'transfer-encoding': 'chunked',
    });
    expect(chunked.status).toBe(413);

    const malformed = await raw('POST', `${base}/ocsp`, Uint8Array.of(0x30, 0x00), {
      'content-type': 'application/ocsp-request',
    });
    expect(parseOcspResponse(malformed.body).responseStatus).toBe('malformedRequest');
    expect((await raw('GET', `${base}/health`)).status).toBe(404);
  });
});
