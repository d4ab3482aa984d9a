// `openseal token-helper` as a signer's computer runs it: a real process, a real SoftHSM2 token, and
// HTTP requests shaped like a browser's (Origin, Host, CORS preflights).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, type KeyObject, verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCertificationRequest } from '@openseal/pki';
import { createSoftHsmToken, hasSoftHsm, SOFTHSM_LIBRARY } from '@openseal/pki/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'openseal.js');
const ORIGIN = 'https://console.example.edu.cn';
// Letters no hex digest or base64 signature in the output is likely to spell by chance.
const PIN = 'Tulip-Quorum-4821';

if (!hasSoftHsm) {
  console.warn(`skipping token-helper tests: ${SOFTHSM_LIBRARY} is not installed (apt-get install softhsm2)`);
}

interface Helper {
  port: number;
  /** Everything the helper printed so far, stdout and stderr. */
  output(): string;
  stop(): void;
}

/** Starts the helper on a free port and waits for its listening line (or its exit). */
function startHelper(args: string[], pin: string | undefined = PIN): Promise<Helper> {
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'token-helper', '--module', SOFTHSM_LIBRARY, '--port', '0', ...args],
    { env: { ...process.env, OPENSEAL_TOKEN_PIN: pin }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /token helper on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port) resolve({ port: Number(port), output: () => output, stop: () => child.kill() });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`token-helper exited with ${code}: ${output}`)));
  });
}

/** The helper run to completion, for the cases where it refuses to start. */
function runHelper(args: string[], pin: string) {
  const res = spawnSync(
    process.execPath,
    [bin, 'token-helper', '--module', SOFTHSM_LIBRARY, '--port', '0', ...args],
    { encoding: 'utf8', env: { ...process.env, OPENSEAL_TOKEN_PIN: pin }, input: '', timeout: 60_000 },
  );
  return { code: res.status, output: `${res.stdout}${res.stderr}` };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One HTTP request with full control of Host and Origin, as fetch would not allow. */
function call(
  port: number,
  method: string,
  path: string,
  opts: { origin?: string; host?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    host: opts.host ?? `127.0.0.1:${port}`,
    ...(opts.origin ? { origin: opts.origin } : {}),
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const corsHeaderNames = (a: Answer) => Object.keys(a.headers).filter((h) => h.startsWith('access-control-'));
const spkiSha256 = (key: KeyObject) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');

describe.skipIf(!hasSoftHsm)('openseal token-helper on SoftHSM2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-token-helper-'));
  const tokenLabel = 'openseal-ukey';
  let publicKeys: Record<string, KeyObject> = {};
  let helper: Helper;
  const post = (path: string, body: unknown) => call(helper.port, 'POST', path, { origin: ORIGIN, body });

  beforeAll(async () => {
    publicKeys = createSoftHsmToken({
      dir,
      tokenLabel,
      pin: PIN,
      keys: [
        { label: 'rsa-key', id: '01', type: 'rsa:2048' },
        { label: 'ec-key', id: '02', type: 'EC:prime256v1' },
      ],
    });
    helper = await startHelper(['--origin', ORIGIN, '--origin', 'https://sign.example.edu.cn']);
  });
  afterAll(() => helper?.stop());

  it('lists the token and its keys, with fingerprints of their public keys, never cached', async () => {
    const info = await call(helper.port, 'GET', '/v1/info', { origin: ORIGIN });
    expect(info.status).toBe(200);
    expect(info.headers['cache-control']).toBe('no-store');
    expect(info.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(info.body).toMatchObject({
      version: expect.any(String),
      token: {
        label: tokenLabel,
        manufacturer: 'SoftHSM project',
        model: 'SoftHSM v2',
        serial: expect.any(String),
      },
    });
    expect(info.body['keys']).toEqual(
      expect.arrayContaining([
        { id: '01', label: 'rsa-key', keyType: 'rsa', spkiSha256: spkiSha256(publicKeys['rsa-key']!) },
        { id: '02', label: 'ec-key', keyType: 'ec', spkiSha256: spkiSha256(publicKeys['ec-key']!) },
      ]),
    );
  });

  it('answers GET /v1/info without an Origin (curl, for diagnostics), with no CORS headers', async () => {
    const info = await call(helper.port, 'GET', '/v1/info');
    expect(info.status).toBe(200);
    expect(corsHeaderNames(info)).toEqual([]);
  });

  it('generates a non-extractable P-256 key, signs a CSR with it and signs data as WebCrypto would', async () => {
    const created = await post('/v1/keys', { label: 'contract signer' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      label: 'contract signer',
      keyType: 'ec',
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const keyId = created.body['id'] as string;
    const listed = (await call(helper.port, 'GET', '/v1/info', { origin: ORIGIN })).body['keys'];
    expect(listed).toContainEqual(created.body);

    // The token itself says the private key can never be read out.
    const objects = spawnSync(
      'pkcs11-tool',
      [
        '--module',
        SOFTHSM_LIBRARY,
        '--token-label',
        tokenLabel,
        '--login',
        '--pin',
        PIN,
        '--list-objects',
        '--type',
        'privkey',
        '--id',
        keyId,
      ],
      { encoding: 'utf8', env: process.env },
    ).stdout;
    expect(objects).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);
    expect(objects).toMatch(/Usage:\s+sign\n/);

    const csr = await post('/v1/csr', { keyId });
    expect(csr.status).toBe(200);
    const parsed = parseCertificationRequest(Buffer.from(csr.body['csr'] as string, 'base64'));
    expect(parsed.keyType).toBe('ec');
    expect(parsed.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(spkiSha256(parsed.publicKey)).toBe(created.body['spkiSha256']);
    expect(Buffer.from(parsed.subjectDer).toString('hex')).toBe('3000');

    const data = Buffer.from('signed attributes of a contract PDF');
    const signed = await post('/v1/sign', { keyId, data: data.toString('base64'), hash: 'SHA-256' });
    expect(signed.status).toBe(200);
    const signature = Buffer.from(signed.body['signature'] as string, 'base64');
    expect(signature).toHaveLength(64);
    const p1363 = { key: parsed.publicKey, dsaEncoding: 'ieee-p1363' as const };
    expect(verify('sha256', data, p1363, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('other bytes'), p1363, signature)).toBe(false);

    // One line per signature: time, key label and the digest of what was signed.
    const digest = createHash('sha256').update(data).digest('hex');
    expect(helper.output()).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z data signed with key "contract signer" \\(id ${keyId}\\) sha256 ${digest} for ${ORIGIN}$`,
        'm',
      ),
    );

    const again = await post('/v1/keys', { label: 'contract signer' });
    expect(again.status).toBe(409);
    expect(again.body['code']).toBe('ERR_TOKEN_KEY_EXISTS');
  });

  it('signs with an RSA key of the token (PKCS#1 v1.5) and makes its CSR with sha256WithRSAEncryption', async () => {
    const data = Buffer.from('rsa data');
    const signed = await post('/v1/sign', { keyId: '01', data: data.toString('base64'), hash: 'SHA-256' });
    expect(signed.status).toBe(200);
    const signature = Buffer.from(signed.body['signature'] as string, 'base64');
    expect(verify('sha256', data, publicKeys['rsa-key']!, signature)).toBe(true);
    const csr = await post('/v1/csr', { keyId: '01' });
    const parsed = parseCertificationRequest(Buffer.from(csr.body['csr'] as string, 'base64'));
    expect(parsed.keyType).toBe('rsa');
    expect(spkiSha256(parsed.publicKey)).toBe(spkiSha256(publicKeys['rsa-key']!));
  });

  it('refuses other origins with 403 and no CORS headers, and POSTs without an Origin', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      `${ORIGIN}.evil.example`,
      'http://console.example.edu.cn',
    ]) {
      const info = await call(helper.port, 'GET', '/v1/info', { origin });
      expect(info.status).toBe(403);
      expect(info.body['code']).toBe('ERR_TOKEN_ORIGIN_FORBIDDEN');
      expect(corsHeaderNames(info)).toEqual([]);
      const sign = await call(helper.port, 'POST', '/v1/sign', {
        origin,
        body: { keyId: '02', data: 'AA==', hash: 'SHA-256' },
      });
      expect(sign.status).toBe(403);
      expect(corsHeaderNames(sign)).toEqual([]);
      const preflight = await call(helper.port, 'OPTIONS', '/v1/sign', {
        origin,
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-private-network': 'true',
        },
      });
      expect(preflight.status).toBe(403);
      expect(corsHeaderNames(preflight)).toEqual([]);
    }
    const noOrigin = await call(helper.port, 'POST', '/v1/sign', {
      body: { keyId: '02', data: 'AA==', hash: 'SHA-256' },
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body['code']).toBe('ERR_TOKEN_ORIGIN_FORBIDDEN');
  });

  it("answers an allowed origin's preflight, with Private Network Access only when asked", async () => {
    const headers = {
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    };
    const pna = await call(helper.port, 'OPTIONS', '/v1/sign', {
      origin: 'https://sign.example.edu.cn',
      headers: { ...headers, 'access-control-request-private-network': 'true' },
    });
    expect(pna.status).toBe(204);
    expect(pna.headers).toMatchObject({
      'access-control-allow-origin': 'https://sign.example.edu.cn',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-private-network': 'true',
      'cache-control': 'no-store',
    });
    const plain = await call(helper.port, 'OPTIONS', '/v1/sign', { origin: ORIGIN, headers });
    expect(plain.status).toBe(204);
    expect(plain.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(plain.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('refuses a Host other than 127.0.0.1 or localhost on its port (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${helper.port}`,
      `127.0.0.1:${helper.port + 1}`,
      '0.0.0.0',
    ]) {
      const info = await call(helper.port, 'GET', '/v1/info', { host });
      expect(info.status).toBe(403);
      expect(info.body['code']).toBe('ERR_TOKEN_HOST_FORBIDDEN');
      expect(corsHeaderNames(info)).toEqual([]);
    }
    expect((await call(helper.port, 'GET', '/v1/info', { host: `localhost:${helper.port}` })).status).toBe(
      200,
    );
  });

  it('refuses bad input with a code and a plain message', async () => {
    const cases: [unknown, number, string][] = [
      [{ keyId: 'ff', data: 'AA==', hash: 'SHA-256' }, 404, 'ERR_TOKEN_KEY_UNKNOWN'],
      [{ keyId: 'not hex', data: 'AA==', hash: 'SHA-256' }, 400, 'ERR_TOKEN_INPUT_INVALID'],
      [{ keyId: '02', data: 'not base64!', hash: 'SHA-256' }, 400, 'ERR_TOKEN_INPUT_INVALID'],
      [{ keyId: '02', data: 'AA==', hash: 'SHA-1' }, 400, 'ERR_TOKEN_INPUT_INVALID'],
      [
        { keyId: '02', data: Buffer.alloc(64 * 1024 + 1).toString('base64'), hash: 'SHA-256' },
        413,
        'ERR_TOKEN_DATA_TOO_LARGE',
      ],
      [[], 400, 'ERR_TOKEN_INPUT_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await post('/v1/sign', body);
      expect({ status: answer.status, code: answer.body['code'] }).toEqual({ status, code });
      expect(answer.body['message']).toEqual(expect.any(String));
      expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
    }
    const atLimit = await post('/v1/sign', {
      keyId: '02',
      data: Buffer.alloc(64 * 1024).toString('base64'),
      hash: 'SHA-256',
    });
    expect(atLimit.status).toBe(200);
    const text = await call(helper.port, 'POST', '/v1/sign', {
      origin: ORIGIN,
      body: { keyId: '02', data: 'AA==', hash: 'SHA-256' },
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    expect((await post('/v1/keys', { label: 'two\nlines' })).body['code']).toBe('ERR_TOKEN_INPUT_INVALID');
    expect((await post('/v1/nothing', {})).status).toBe(404);
  });

  it('says the token is absent when no token has the label, and keeps waiting for it', async () => {
    const waiting = await startHelper(['--origin', ORIGIN, '--token', 'not-plugged-in']);
    try {
      expect(waiting.output()).toContain('no UKey labelled "not-plugged-in" is plugged in');
      const info = await call(waiting.port, 'GET', '/v1/info', { origin: ORIGIN });
      expect(info.status).toBe(503);
      expect(info.body).toMatchObject({
        code: 'ERR_TOKEN_ABSENT',
        message: expect.stringContaining(tokenLabel),
      });
    } finally {
      waiting.stop();
    }
  });

  it('does not start with a wrong PIN or an origin that is not one, and never prints the PIN', () => {
    const wrongPin = 'Wrong-Pin-Zebra';
    const refused = runHelper(['--origin', ORIGIN], wrongPin);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('ERR_TOKEN_PIN_INCORRECT');
    expect(refused.output).not.toContain(wrongPin);

    const noPin = runHelper(['--origin', ORIGIN], '');
    expect(noPin.code).toBe(2);
    expect(noPin.output).toContain('no UKey PIN: set OPENSEAL_TOKEN_PIN or run on a terminal');

    const badOrigin = runHelper(['--origin', `${ORIGIN}/`], PIN);
    expect(badOrigin.code).toBe(2);
    expect(badOrigin.output).toContain(`must be written as ${ORIGIN}`);

    expect(helper.output()).toContain('token helper on');
    expect(helper.output()).not.toContain(PIN);
  });
});
