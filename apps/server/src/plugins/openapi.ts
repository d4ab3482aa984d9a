import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { routes } from '@openseal/contract';
import fp from 'fastify-plugin';

/**
 * Collects every route's schema into the OpenAPI document served at GET /api/openapi.json, and
 * serves Swagger UI over it at /api/docs (public: the document holds no data, only the API's shape).
 * Each operation is a route table entry: its name is the operationId, its access is
 * `x-openseal-access`, and an upload's body is the file's bytes in the media types it takes.
 */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'OpenSeal API',
          version: '0.1.0',
          description: 'Electronic seals and trusted documents',
        },
      },
      transform: ({ schema, url, route }) => {
        const name = route.config?.route;
        if (!name) return { schema, url };
        const spec = routes[name];
        const upload =
          'upload' in spec
            ? { consumes: spec.upload.contentTypes, body: { type: 'string', format: 'binary' } }
            : {};
        return { schema: { ...schema, operationId: name, 'x-openseal-access': spec.access, ...upload }, url };
      },
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  },
  { name: 'openapi' },
);
