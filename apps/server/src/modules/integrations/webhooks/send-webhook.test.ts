import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './send-webhook.ts';

describe('sending one webhook', () => {
  let server: Server;
  let port: number;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      req.resume();
      if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(200).end('x'.repeat(5000));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const post = (path: string) =>
    sendWebhook({
      // `.invalid` never resolves (RFC 6761): only the pinned address can reach the server.
      url: new URL(`http://hooks.example.invalid:${port}${path}`),
      target: { address: '127.0.0.1', family: 4 },
      headers: { 'content-type': 'application/json' },
      body: '{}',
      timeoutMs: 5_000,
    });

  it('connects to the checked address, not to a new DNS answer, keeping the Host header', async () => {
    const result = await post('/hook');
    expect(result.statusCode).toBe(200);
    expect(result.responseBody).toHaveLength(1000);
    expect(seen.at(-1)?.headers.host).toBe(`hooks.example.invalid:${port}`);
  });

  it('does not follow a redirect', async () => {
    const before = seen.length;
    expect((await post('/moved')).statusCode).toBe(302);
    expect(seen.length - before).toBe(1);
  });

  it('reports a refused connection as an error without a status', async () => {
    const closed = await sendWebhook({
      url: new URL('http://hooks.example.invalid:1/'),
      target: { address: '127.0.0.1', family: 4 },
      headers: {},
      body: '{}',
      timeoutMs: 2_000,
    });
    expect(closed).toMatchObject({ statusCode: null, responseBody: null });
    expect('error' in closed && closed.error).toMatch(/ECONNREFUSED/);
  });
});
