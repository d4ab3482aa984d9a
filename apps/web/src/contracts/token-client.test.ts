// The page's client against the real helper (`openseal token-helper` on a SoftHSM2 token), with a
// fetch that adds the Origin header a browser would send. The web console imports no server-side
// package, so the token is made with softhsm2-util and the request checked with openssl.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { verify } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenHelperError, tokenHelper } from './token-client.ts';

const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';
const hasSoftHsm = existsSync(SOFTHSM_LIBRARY);

/** An empty SoftHSM2 token labelled `label`, in a directory of its own; returns its SOFTHSM2_CONF. */
function softHsmToken(label: string, pin: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'openseal-token-client-'));
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '87654321'],
    { env: { ...process.env, SOFTHSM2_CONF: conf } },
  );
  return conf;
}

/** The public key of a PKCS#10 request, once openssl has checked the request's own signature. */
function requestKey(csr: Uint8Array): string {
  return execFileSync('openssl', ['req', '-inform', 'DER', '-verify', '-noout', '-pubkey'], {
    input: csr,
    stdio: ['pipe', 'pipe', 'ignore'],
  }).toString();
}

const cli = join(import.meta.dirname, '..', '..', '..', 'cli', 'bin', 'openseal.js');
const ORIGIN = 'https://console.example.edu.cn';
const PIN = 'Maple-Lantern-7310';

if (!hasSoftHsm) console.warn(`skipping token-client tests: ${SOFTHSM_LIBRARY} is not installed`);

const fromPage =
  (origin: string): typeof fetch =>
  (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin } });

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const caught = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe.skipIf(!hasSoftHsm)('tokenHelper client against openseal token-helper', () => {
  let child: ChildProcess | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    const conf = softHsmToken('page-ukey', PIN);
    child = spawn(
      process.execPath,
      [cli, 'token-helper', '--module', SOFTHSM_LIBRARY, '--origin', ORIGIN, '--port', '0'],
      {
        env: { ...process.env, SOFTHSM2_CONF: conf, OPENSEAL_TOKEN_PIN: PIN },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.once('exit', (code) => reject(new Error(`token-helper exited with ${code}`)));
      child!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const url = /token helper on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
    });
  });
  afterAll(() => child?.kill());

  it('creates a key, gets its CSR and a WebCrypto-shaped signature the CSR key verifies', async () => {
    const helper = tokenHelper(baseUrl, fromPage(ORIGIN));
    expect((await helper.info()).token.label).toBe('page-ukey');
    const key = await helper.createKey('contract signer');
    expect(key).toMatchObject({ label: 'contract signer', keyType: 'ec' });
    expect((await helper.info()).keys).toContainEqual(key);

    const publicKey = requestKey(await helper.csr(key.id));
    const data = new TextEncoder().encode('toBeSigned');
    const signature = await helper.sign(key.id, data);
    expect(signature).toHaveLength(64);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it("passes the helper's refusals on with their code", async () => {
    const unknown = await caught(tokenHelper(baseUrl, fromPage(ORIGIN)).sign('ab', Uint8Array.of(1)));
    expect(unknown).toBeInstanceOf(TokenHelperError);
    expect(unknown).toMatchObject({ code: 'ERR_TOKEN_KEY_UNKNOWN', status: 404 });
    const otherSite = await caught(tokenHelper(baseUrl, fromPage('https://evil.example')).info());
    expect(otherSite).toMatchObject({ code: 'ERR_TOKEN_ORIGIN_FORBIDDEN', status: 403 });
  });

  it('says in plain words that the helper is not running when nothing answers', async () => {
    const error = await caught(
      tokenHelper(`http://127.0.0.1:${await closedPort()}`, fromPage(ORIGIN)).info(),
    );
    expect(error).toMatchObject({ code: 'ERR_TOKEN_HELPER_UNREACHABLE', status: 0 });
    expect((error as Error).message).toContain('The UKey helper is not running on this computer');
  });
});
