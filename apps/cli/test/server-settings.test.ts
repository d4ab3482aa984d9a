// The CLI takes its settings from the server's config module: a variable the server reads is read by
// `openseal` too, with the server's checks; a flag replaces its variable.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initPki } from '@openseal/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'openseal.js');
const passphrase = 'settings lantern quarry 42';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts `openseal pki serve` and resolves with the line it prints once listening. */
function pkiServe(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, [bin, 'pki', 'serve', ...args], {
    env: { ...process.env, PORT: undefined, HOST: undefined, OPENSEAL_PASSPHRASE: passphrase, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`openseal pki serve exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const line = chunk.toString();
      if (line.includes('serving on')) resolve(line.trim());
    });
  });
  return { child, ready };
}

describe('openseal reads the server settings', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'openseal-settings-')), 'pki');
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await initPki({ dir, passphrase, keyAlgorithm: 'ecdsa-p256' });
  });
  afterAll(() => {
    for (const child of children) child.kill();
  });

  it('pki serve listens on the PORT and HOST the server would, and answers there', async () => {
    const port = await freePort();
    const { child, ready } = pkiServe(['--dir', dir], { PORT: String(port), HOST: '127.0.0.1' });
    children.push(child);
    expect(await ready).toContain(`http://127.0.0.1:${port}/pki`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });

  it('a flag replaces its variable', async () => {
    const port = await freePort();
    const { child, ready } = pkiServe(['--dir', dir, '--port', String(port)], { PORT: '1' });
    children.push(child);
    expect(await ready).toContain(`:${port}/pki`);
  });

  it('refuses a setting the server would refuse, with the server check', () => {
    const res = spawnSync(process.execPath, [bin, 'pki', 'serve', '--dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, OPENSEAL_PASSPHRASE: passphrase, PORT: '99999' },
      // Were the setting ignored, the PKI server would start and keep running.
      timeout: 60_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT must be an integer from 1 to 65535');
  });
});
