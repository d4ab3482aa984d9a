// The route table (packages/contract `routes`) is the server's list of routes: registration, access,
// uploads, downloads and the OpenAPI document all come from it.
import { type RouteName, routes } from '@openseal/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLookups } from '../src/access-lookups.ts';
import { authorizePlugin, type ScopeResolvers } from '../src/plugins/authorize.ts';
import { errorHandlerPlugin } from '../src/plugins/error-handler.ts';
import { contentDisposition, sendFile } from '../src/plugins/send-file.ts';
import { assertRoutesServed, serveRoutes } from '../src/plugins/serve-routes.ts';
import { routeScopes } from '../src/route-scopes.ts';
import { TEST_DATABASES } from './databases.ts';
import { as, type IdentityFixture, identityFixture, type Session } from './identity-fixture.ts';

/** The authorize hook without a database: enough for public routes and for registration errors. */
async function bareApp(scopes: ScopeResolvers = routeScopes): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(errorHandlerPlugin);
  await app.register(fp(async () => {}, { name: 'db' }));
  await app.register(authorizePlugin, {
    clock: () => new Date(),
    totpRequiredRoles: [],
    scopes,
    ...accessLookups,
  });
  return app;
}

describe('route table', () => {
  it('names each method and path once', () => {
    const keys = Object.values(routes).map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses to start when a scope of the table has no resolver', async () => {
    const { root: _root, ...missingRoot } = routeScopes;
    await expect(bareApp(missingRoot as ScopeResolvers)).rejects.toThrow('scopes without a resolver: root');
  });

  it('refuses a handler for a name the table does not have', async () => {
    const app = await bareApp();
    expect(() => serveRoutes(app, { noSuchRoute: () => 'x' } as never)).toThrow(
      'route noSuchRoute is not in the route table',
    );
  });

  it('refuses a route registered beside the table, even one declaring its access', async () => {
    const app = await bareApp();
    const register = async () => {
      await app.register(async (child) => {
        child.get('/api/beside', { config: { access: { public: true } } }, async () => 'open');
      });
      await app.ready();
    };
    await expect(register()).rejects.toThrow('GET /api/beside is not in the route table');
  });

  it('fails the start while a table route has no handler', async () => {
    const app = await bareApp();
    await app.register(async (child) => {
      serveRoutes(child, { liveness: async () => ({ status: 'ok' as const }) });
    });
    expect(() => assertRoutesServed(app)).toThrow(/route table entries without a handler: .*health/);
  });

  it('passes a public upload only its declared content types, as bytes', async () => {
    const app = await bareApp();
    const got: number[] = [];
    await app.register(async (child) => {
      serveRoutes(child, {
        verifyDocument: async (req, reply) => {
          got.push(req.body.length);
          return reply.status(204).send();
        },
      });
    });
    const post = (type: string, payload: string) =>
      app.inject({
        method: 'POST',
        url: routes.verifyDocument.path,
        headers: { 'content-type': type },
        payload,
      });
    expect((await post('application/pdf', '%PDF-1.7')).statusCode).toBe(204);
    for (const type of ['application/json', 'text/plain', 'application/octet-stream']) {
      const res = await post(type, type === 'application/json' ? '{"pdf":"JVBERi0="}' : 'x');
      expect(res.statusCode, type).toBe(415);
      expect(res.json().code, type).toBe('ERR_VERIFY_MEDIA_TYPE');
    }
    expect(got).toEqual([8]);
  });
});

describe('download headers', () => {
  it('names a file in ASCII, adding the UTF-8 name (RFC 8187) only when it differs', () => {
    expect(contentDisposition('attachment', 'sealed-2026.csv')).toBe(
      'attachment; filename="sealed-2026.csv"',
    );
    expect(contentDisposition('inline', '成绩单.pdf')).toBe(
      `inline; filename="___.pdf"; filename*=UTF-8''${encodeURIComponent('成绩单.pdf')}`,
    );
    expect(contentDisposition('attachment', '成绩单.zip', 'transcript.zip')).toBe(
      `attachment; filename="transcript.zip"; filename*=UTF-8''${encodeURIComponent('成绩单.zip')}`,
    );
    expect(contentDisposition('attachment', 'a"b\\c.pdf')).toContain('filename="a_b_c.pdf"');
  });

  it('sends every file sandboxed, unsniffed and uncached unless told otherwise', async () => {
    const app = Fastify();
    app.get('/f', (_req, reply) =>
      sendFile(reply, {
        bytes: new Uint8Array([1, 2]),
        contentType: 'application/pdf',
        name: 'a.pdf',
        disposition: 'inline',
      }),
    );
    app.get('/logo', (_req, reply) =>
      sendFile(reply, { bytes: 'x', contentType: 'image/svg+xml', cache: 300 }),
    );
    const f = await app.inject({ method: 'GET', url: '/f' });
    expect(f.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="a.pdf"',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(f.headers['content-security-policy']).toContain('sandbox');
    expect([...f.rawPayload]).toEqual([1, 2]);
    const logo = await app.inject({ method: 'GET', url: '/logo' });
    expect(logo.headers['cache-control']).toBe('public, max-age=300');
    expect(logo.headers['content-disposition']).toBeUndefined();
  });
});

for (const kind of TEST_DATABASES) {
  describe.skipIf(kind.skip)(`route table in the running server on ${kind.name}`, () => {
    let f: IdentityFixture;
    let sec: Session;
    beforeAll(async () => {
      f = await identityFixture(kind);
      sec = await f.login('secadmin');
    });
    afterAll(() => f?.close());

    it('documents every route of the table under its name, with its access and upload types', async () => {
      const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const operations = new Map<string, { method: string; path: string; op: Record<string, unknown> }>();
      for (const [path, methods] of Object.entries(
        doc.paths as Record<string, Record<string, Record<string, unknown>>>,
      ))
        for (const [method, op] of Object.entries(methods))
          operations.set(op.operationId as string, { method, path, op });
      for (const [name, spec] of Object.entries(routes) as [RouteName, (typeof routes)[RouteName]][]) {
        if ('hide' in spec.schema && spec.schema.hide) continue;
        const found = operations.get(name);
        expect(found, name).toBeDefined();
        expect(found?.method).toBe(spec.method.toLowerCase());
        expect(found?.path).toBe(spec.path.replace(/:(\w+)/g, '{$1}'));
        expect(found?.op['x-openseal-access']).toEqual(spec.access);
      }
      const verify = operations.get('verifyDocument')?.op as { requestBody: { content: object } };
      expect(Object.keys(verify.requestBody.content)).toEqual(['application/pdf']);
    });

    it('documents the seal uploads: the PDF as the body, the placement in the query, the stamp body optional', async () => {
      const doc = (await f.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      type Operation = {
        requestBody: { required: boolean; content: Record<string, { schema: object }> };
        parameters: { in: string; name: string; required: boolean; schema: { enum?: string[] } }[];
      };
      const use = doc.paths['/api/seals/{id}/use'].post as Operation;
      expect(use.requestBody).toEqual({
        required: true,
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      });
      const query = use.parameters.filter((p) => p.in === 'query');
      expect(query.map((p) => `${p.name}${p.required ? '' : '?'}`).sort()).toEqual(
        ['documentType', 'purpose', 'placement', 'page?', 'x?', 'y?', 'keyword?', 'occurrence?'].sort(),
      );
      expect(query.find((p) => p.name === 'placement')?.schema).toMatchObject({
        anyOf: [{ enum: ['page'] }, { enum: ['keyword'] }, { enum: ['cross-page'] }],
      });
      const stamp = doc.paths['/api/requests/{id}/stamp'].post as Operation;
      expect(stamp.requestBody.required).toBe(false);
      expect(Object.keys(stamp.requestBody.content)).toEqual(['application/pdf']);
    });

    it('checks an upload after the access check: a caller without the permission learns nothing more', async () => {
      const res = await f.app.inject({
        method: 'POST',
        url: routes.postSchoolLogo.path,
        ...as(sec),
        headers: { ...as(sec).headers, 'content-type': 'image/gif' },
        payload: Buffer.from('GIF89a'),
      });
      expect(res.json().code).toBe('ERR_FORBIDDEN');
    });

    it('registers exactly the table, each route under its name', async () => {
      expect(new Set(f.app.accessRoutes.map((r) => r.name))).toEqual(new Set(Object.keys(routes)));
    });
  });
}
