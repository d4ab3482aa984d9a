import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID } from '../asn1/oids.ts';
import { initPki } from '../ca/init-pki.ts';
import { loadPki } from '../ca/load-pki.ts';
import type { Pki } from '../ca/pki.ts';
import { openssl, tempDir, writeTemp } from '../x509/openssl-cli.test-support.ts';
import { httpTimestamper } from './http-timestamper.ts';
import { createTimestampAuthority, DEMO_TSA_POLICY_OID } from './timestamp-authority.ts';
import { buildTimestampRequest } from './timestamp-request.ts';
import { parseTimestampResponse } from './timestamp-response.ts';
import { parseTimestampToken } from './timestamp-token.ts';
import { verifyTimestampToken } from './verify-timestamp-token.ts';

const code = (c: string) => expect.objectContaining({ code: c });
const data = new TextEncoder().encode('signature value stand-in');
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest();
const genTime = new Date('2026-06-01T12:00:00.120Z');

describe.each(['rsa-2048', 'ecdsa-p256'] as const)('RFC 3161 TSA (%s)', (keyAlgorithm) => {
  const dir = tempDir('tsa');
  let pki: Pki;
  let tsa: ReturnType<typeof createTimestampAuthority>;
  let files: { root: string; issuing: string; data: string };
  beforeAll(async () => {
    await initPki({
      dir: join(dir, 'pki'),
      passphrase: 'pw',
      keyAlgorithm,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    pki = await loadPki(join(dir, 'pki'), 'pw');
    tsa = createTimestampAuthority({
      certificate: pki.tsa.certificate,
      signer: pki.tsa.signer,
      chain: [pki.issuing.certificate],
      clock: () => genTime,
      accuracyMs: 1500,
    });
    files = {
      root: writeTemp(dir, 'root.pem', pki.root.certificate.toPem()),
      issuing: writeTemp(dir, 'issuing.pem', pki.issuing.certificate.toPem()),
      data: writeTemp(dir, 'data.bin', data),
    };
  });

  it('issues tokens openssl ts -verify accepts for the digest, and refuses for another', async () => {
    const token = writeTemp(dir, 'token.der', await tsa.timestamp(sha256(data), 'sha256'));
    const verify = (digest: Buffer) =>
      openssl([
        'ts',
        '-verify',
        '-digest',
        digest.toString('hex'),
        '-in',
        token,
        '-token_in',
        '-CAfile',
        files.root,
        '-untrusted',
        files.issuing,
      ]);
    const ok = verify(sha256(data));
    expect(ok.stdout).toContain('Verification: OK');
    expect(verify(sha256(Uint8Array.of(1))).stdout).not.toContain('Verification: OK');
  });

  it('parses its tokens: genTime with millis, policy, accuracy, TSA name, ESS binding', async () => {
    const der = await tsa.timestamp(sha256(data), 'sha256');
    const token = parseTimestampToken(der);
    expect(token.genTime).toEqual(genTime);
    expect(Buffer.from(der).includes(Buffer.from('20260601120000.12Z'))).toBe(true);
    expect(token.policyOid).toBe(DEMO_TSA_POLICY_OID);
    expect(token.accuracyMs).toBe(1500);
    expect(token.nonce).toBeUndefined();
    expect(token.tsaName).toContain('CN=示范大学 时间戳服务 / Demo University TSA');
    expect(token.messageImprint).toEqual({ digestAlgorithmOid: OID.sha256, digest: expect.any(Uint8Array) });
    expect(Buffer.from(token.messageImprint.digest)).toEqual(sha256(data));
    expect(token.signedData.certificates.map((c) => c.serialNumber)).toEqual([
      pki.tsa.certificate.serialNumber,
      pki.issuing.certificate.serialNumber,
    ]);
    const si = token.signedData.signerInfos[0]!;
    expect(si.contentType).toBe(OID.tstInfo);
    expect(si.signingCertificateV2).toHaveLength(1);
    expect(verifyTimestampToken(token).serialNumber).toBe(pki.tsa.certificate.serialNumber);
    const other = parseTimestampToken(await tsa.timestamp(sha256(data), 'sha256'));
    expect(other.serialNumber).not.toBe(token.serialNumber);
  });

  it('detects a token whose TSTInfo was altered', async () => {
    const der = Uint8Array.from(await tsa.timestamp(sha256(data), 'sha256'));
    const at = Buffer.from(der).indexOf(Buffer.from('20260601120000.12Z'));
    der[at + 3] = '7'.charCodeAt(0); // 2026 -> 2027
    const token = parseTimestampToken(der);
    expect(token.genTime.getUTCFullYear()).toBe(2027);
    expect(() => verifyTimestampToken(token)).toThrow(/message-digest does not match/);
  });

  it('answers an openssl ts -query with a granted reply that openssl verifies against the query', async () => {
    const query = join(dir, 'req.tsq');
    expect(openssl(['ts', '-query', '-data', files.data, '-sha256', '-cert', '-out', query]).status).toBe(0);
    const reply = writeTemp(dir, 'resp.tsr', await tsa.respond(readFileSync(query)));
    const text = openssl(['ts', '-reply', '-in', reply, '-text']).stdout;
    expect(text).toContain('Status: Granted.');
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    expect(text).toContain(`Policy OID: ${DEMO_TSA_POLICY_OID}`);
    const verify = openssl([
      'ts',
      '-verify',
      '-queryfile',
      query,
      '-in',
      reply,
      '-CAfile',
      files.root,
      '-untrusted',
      files.issuing,
    ]);
    expect(verify.stdout).toContain('Verification: OK');
  });

  it('honours certReq false by embedding no certificate', async () => {
    const request = buildTimestampRequest(sha256(data), 'sha256', { nonce: 42n });
    const response = parseTimestampResponse(await tsa.respond(request));
    const token = parseTimestampToken(response.token!);
    expect(token.nonce).toBe(42n);
    expect(token.signedData.certificates).toEqual([]);
    expect(() => verifyTimestampToken(token)).toThrow(code('ERR_TSA_FAILED'));
    expect(verifyTimestampToken(token, [pki.issuing.certificate, pki.tsa.certificate]).serialNumber).toBe(
      pki.tsa.certificate.serialNumber,
    );
  });
});

describe('TSA rejections and the HTTP client', () => {
  const dir = tempDir('tsa-http');
  let pki: Pki;
  let tsa: ReturnType<typeof createTimestampAuthority>;
  let server: Server;
  let base: string;
  /** What the test server does with the next request body. */
  let handler: (body: Uint8Array) => Promise<{ status: number; body: Uint8Array }>;

  beforeAll(async () => {
    await initPki({ dir: join(dir, 'pki'), passphrase: 'pw', keyAlgorithm: 'ecdsa-p256' });
    pki = await loadPki(join(dir, 'pki'), 'pw');
    tsa = createTimestampAuthority({ certificate: pki.tsa.certificate, signer: pki.tsa.signer });
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const out = await handler(Buffer.concat(chunks));
        res.writeHead(out.status, { 'content-type': 'application/timestamp-reply' }).end(out.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const reject = async (request: Uint8Array) => parseTimestampResponse(await tsa.respond(request));

  it('rejects bad requests with the RFC 3161 failInfo openssl reports', async () => {
    const garbage = await tsa.respond(Uint8Array.of(1, 2, 3));
    expect(parseTimestampResponse(garbage)).toMatchObject({
      granted: false,
      status: 2,
      failures: ['badDataFormat'],
    });
    const text = openssl(['ts', '-reply', '-in', writeTemp(dir, 'bad.tsr', garbage), '-text']).stdout;
    expect(text).toContain('Status: Rejected.');
    expect(text).toContain('Failure info: the data submitted has the wrong format');

    const query = join(dir, 'sha1.tsq');
    openssl(['ts', '-query', '-data', writeTemp(dir, 'd.bin', data), '-sha1', '-out', query]);
    expect((await reject(readFileSync(query))).failures).toEqual(['badAlg']);
    expect((await reject(buildTimestampRequest(new Uint8Array(20), 'sha256'))).failures).toEqual([
      'badDataFormat',
    ]);
    expect(
      (await reject(buildTimestampRequest(sha256(data), 'sha256', { policyOid: '1.2.3' }))).failures,
    ).toEqual(['unacceptedPolicy']);
    const v2 = Uint8Array.from(buildTimestampRequest(sha256(data), 'sha256'));
    v2[4] = 2; // SEQUENCE, len, INTEGER, len, value
    expect((await reject(v2)).failures).toEqual(['badRequest']);
  });

  it('fetches a verified token over HTTP with certReq and a nonce', async () => {
    let seen: Uint8Array | undefined;
    handler = async (body) => {
      seen = body;
      return { status: 200, body: await tsa.respond(body) };
    };
    const der = await httpTimestamper(`${base}/tsa`).timestamp(sha256(data), 'sha256');
    const token = parseTimestampToken(der);
    expect(token.nonce).toBeTypeOf('bigint');
    expect(token.signedData.certificates).toHaveLength(1);
    const text = openssl(['ts', '-query', '-in', writeTemp(dir, 'seen.tsq', seen!), '-text']).stdout;
    expect(text).toContain('Certificate required: yes');
  });

  it('fails with ERR_TSA_FAILED and the reason for refusals, replays, garbage, HTTP errors and timeouts', async () => {
    const client = httpTimestamper(`${base}/tsa`, { timeoutMs: 300 });
    const attempt = () => client.timestamp(sha256(data), 'sha256');

    handler = async () => ({
      status: 200,
      body: await tsa.respond(buildTimestampRequest(new Uint8Array(1), 'sha256')),
    });
    await expect(attempt()).rejects.toThrow(/refused the request \(status 2\): badDataFormat/);

    // A token without the nonce (e.g. replayed from an earlier exchange) is refused.
    const replay = buildTimestampRequest(sha256(data), 'sha256', { certReq: true });
    handler = async () => ({ status: 200, body: await tsa.respond(replay) });
    await expect(attempt()).rejects.toThrow(/did not echo the request nonce/);

    handler = async (body) => {
      const other = Uint8Array.from(body);
      other[other.length - 40]! ^= 0xff; // inside the digest, so the nonce stays intact
      return { status: 200, body: await tsa.respond(other) };
    };
    await expect(attempt()).rejects.toThrow(/another message imprint/);

    handler = async () => ({ status: 200, body: Uint8Array.of(0x30, 0x00) });
    await expect(attempt()).rejects.toThrow(/malformed TimeStampResp/);

    handler = async () => ({ status: 503, body: new Uint8Array(0) });
    await expect(attempt()).rejects.toThrow(/HTTP 503/);

    handler = () => new Promise((r) => setTimeout(() => r({ status: 200, body: new Uint8Array(0) }), 1000));
    await expect(attempt()).rejects.toThrow(code('ERR_TSA_FAILED'));

    await expect(httpTimestamper('http://127.0.0.1:9/tsa').timestamp(sha256(data), 'sha256')).rejects.toThrow(
      code('ERR_TSA_FAILED'),
    );
  });
});
