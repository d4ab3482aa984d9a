import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type RouteSpec, routes } from '@openseal/contract';
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
      // The generator marks every body required; an optional upload (stamping the stored file) is not.
      transformObject: (document) => {
        if (!('openapiObject' in document)) return document.swaggerObject;
        const { openapiObject } = document;
        for (const spec of Object.values(routes) as RouteSpec[]) {
          if (!spec.upload?.optional) continue;
          const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
          const operation = openapiObject.paths?.[path]?.[spec.method.toLowerCase() as 'post'];
          if (operation?.requestBody && !('$ref' in operation.requestBody))
            operation.requestBody.required = false;
        }
        return openapiObject;
      },
    });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  },
  { name: 'openapi' },
);
