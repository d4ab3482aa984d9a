import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandlerPlugin } from './error-handler.ts';
import { webStaticPlugin } from './web-static.ts';

const HTML = { accept: 'text/html,application/xhtml+xml' };

async function appWith(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(errorHandlerPlugin);
  app.get('/api/thing', async () => ({ ok: true }));
  await app.register(webStaticPlugin, { root });
  await app.ready();
  return app;
}

describe('webStaticPlugin', () => {
  let dist: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'openseal-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dist, 'assets/app.js'), 'console.log(1)');
    app = await appWith(dist);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves built files and index.html for client routes a browser navigates to', async () => {
    const asset = await app.inject({ url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1)');
    for (const url of ['/', '/seals', '/audit/entries?seal=3']) {
      const page = await app.inject({ url, headers: HTML });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain('<div id="root">');
    }
  });

  it('leaves API, PKI, health, missing assets and non-browser requests to the JSON 404', async () => {
    expect((await app.inject({ url: '/api/thing', headers: HTML })).json()).toEqual({ ok: true });
    for (const url of ['/api/nope', '/api', '/pki/x', '/health/deep', '/assets/missing.js']) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('ERR_NOT_FOUND');
    }
    const script = await app.inject({ url: '/seals', headers: { accept: 'application/json' } });
    expect(script.statusCode).toBe(404);
    expect(script.json().code).toBe('ERR_NOT_FOUND');
  });

  it('serves nothing when the console has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'openseal-web-empty-'));
    const bare = await appWith(empty);
    try {
      const res = await bare.inject({ url: '/', headers: HTML });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('ERR_NOT_FOUND');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
