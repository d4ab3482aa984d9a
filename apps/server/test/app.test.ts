import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { TEST_DATABASES, type TestDatabase } from './databases.ts';

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`server on ${kind.name}`, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await kind.create();
      app = await buildApp({
        port: 0,
        host: '127.0.0.1',
        dataDir: '/nonexistent',
        database: db.config,
        logLevel: 'silent',
      });
    });
    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    it('GET /health answers 200 once the database is migrated', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', database: kind.name });
    });

    it('GET /health answers 503 ERR_DB_UNAVAILABLE when the database is gone', async () => {
      const other = await kind.create();
      const broken = await buildApp({
        port: 0,
        host: '127.0.0.1',
        dataDir: '/nonexistent',
        database: other.config,
        logLevel: 'silent',
      });
      await broken.db.destroy();
      const res = await broken.inject({ method: 'GET', url: '/health' });
      // Liveness does not depend on the database: the process is up, only not ready.
      expect((await broken.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'ERR_DB_UNAVAILABLE',
        messageZh: expect.stringContaining('数据库'),
      });
      await other.dispose();
    });

    it('serves the OpenAPI document built from the route schemas', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(
        doc.paths['/health'].get.responses['200'].content['application/json'].schema.properties.database,
      ).toBeDefined();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/seals/{id}/use', '/api/audit']));

      const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
      expect(ui.body).toContain('swagger-ui');
      const json = await app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(json.json().openapi).toBe('3.1.0');
    });

    it('maps unknown routes to ERR_NOT_FOUND with both messages and the request id', async () => {
      const res = await app.inject({ method: 'GET', url: '/no/such/route' });
      expect(res.statusCode).toBe(404);
      const body = res.json();
      expect(body.code).toBe('ERR_NOT_FOUND');
      expect(body.messageZh).toBe('资源不存在，请检查地址。');
      expect(typeof body.requestId).toBe('string');
    });

    it('refuses a huge body, malformed JSON and a wrong content type with clear 4xx codes', async () => {
      const post = (payload: string, type: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': type } });
      const huge = await post(
        JSON.stringify({ username: 'x', password: 'y'.repeat(3 * 1024 * 1024) }),
        'application/json',
      );
      expect([huge.statusCode, huge.json().code]).toEqual([413, 'ERR_PAYLOAD_TOO_LARGE']);
      const malformed = await post('{"username": ', 'application/json');
      expect([malformed.statusCode, malformed.json().code]).toEqual([400, 'ERR_BAD_REQUEST']);
      const wrongType = await post('<login/>', 'application/xml');
      expect([wrongType.statusCode, wrongType.json().code]).toEqual([415, 'ERR_UNSUPPORTED_MEDIA_TYPE']);
    });

    it('running the migrations again on the same database changes nothing', async () => {
      const again = await buildApp({
        port: 0,
        host: '127.0.0.1',
        dataDir: '/nonexistent',
        database: db.config,
        logLevel: 'silent',
      });
      const res = await again.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      await again.close();
    });
  });
}
