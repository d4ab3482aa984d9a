import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

/**
 * Collects every route's schema into the OpenAPI document served at GET /api/openapi.json, and
 * serves Swagger UI over it at /api/docs (public: the document holds no data, only the API's shape).
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
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  },
  { name: 'openapi' },
);
