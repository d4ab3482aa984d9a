import {
  type RouteBody,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteSpec,
  type Routes,
  type RouteUpload,
  routes,
} from '@openseal/contract';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onRequestHookHandler,
  RouteOptions,
} from 'fastify';
import { AppError } from '../errors.ts';

/**
 * What a handler receives: params, query and body typed by the route's schemas (bytes for an upload;
 * `undefined` when an optional upload was not sent).
 */
export type RouteRequest<N extends RouteName> = FastifyRequest<{
  Params: RouteParams<Routes[N]>;
  Querystring: RouteQuery<Routes[N]>;
  Body: Routes[N] extends { upload: { optional: true } }
    ? Buffer | undefined
    : Routes[N] extends { upload: RouteUpload }
      ? Buffer
      : RouteBody<Routes[N]>;
}>;

export type RouteHandler<N extends RouteName> = (req: RouteRequest<N>, reply: FastifyReply) => unknown;

/** A handler, or a handler with hooks run before the body is read (API keys, rate limits). */
export type RouteServing<N extends RouteName> =
  | RouteHandler<N>
  | { handler: RouteHandler<N>; onRequest?: onRequestHookHandler };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route table entry a route was registered from. */
    route?: RouteName;
  }
}

/** The media type of a request, lower case without parameters ('' when none was sent). */
export function mediaTypeOf(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';', 1)[0]!
    .trim()
    .toLowerCase();
}

/**
 * Refuses an upload of a type the route does not take, after the access check (preHandler). An
 * optional upload sent without a body (no content type, or a length of 0) reaches the handler as
 * `undefined`, whatever type was named.
 */
function uploadCheck(upload: RouteUpload) {
  return async (req: FastifyRequest) => {
    if (upload.optional && (req.body === undefined || (Buffer.isBuffer(req.body) && req.body.length === 0))) {
      req.body = undefined;
      return;
    }
    if (!Buffer.isBuffer(req.body) || !upload.contentTypes.includes(mediaTypeOf(req)))
      throw new AppError(upload.wrongType ?? 'ERR_UNSUPPORTED_MEDIA_TYPE');
  };
}

/** Fastify's refusal of a body over the route's bodyLimit, as the upload's own code when it names one. */
function tooLargeAsUploadCode(error: FastifyError, req: FastifyRequest): never {
  const name = req.routeOptions.config.route;
  const spec: RouteSpec | undefined = name ? routes[name] : undefined;
  const tooLarge = spec?.upload?.tooLarge;
  if (tooLarge && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new AppError(tooLarge);
  throw error;
}

/**
 * Registers routes of the table (packages/contract `routes`) with their handlers: method, path,
 * schemas, access and body limits all come from the table entry, so a module only says what a route
 * does. An upload route gets its own context in which any body arrives as bytes; its type is checked
 * against the entry's `upload.contentTypes` once the caller is authorised. A name missing from the
 * table fails here; a table entry nobody serves fails the app's start (assertRoutesServed).
 */
export function serveRoutes<N extends RouteName>(
  app: FastifyInstance,
  served: { [K in N]: RouteServing<K> },
): void {
  const uploads: RouteOptions[] = [];
  for (const [name, serving] of Object.entries(served) as [RouteName, RouteServing<RouteName>][]) {
    const spec: RouteSpec | undefined = routes[name];
    if (!spec) throw new Error(`route ${name} is not in the route table (packages/contract routes)`);
    const { handler, onRequest } = typeof serving === 'function' ? { handler: serving } : serving;
    const options: RouteOptions = {
      method: spec.method,
      url: spec.path,
      schema: spec.schema as RouteOptions['schema'],
      config: { access: spec.access, route: name },
      handler: handler as RouteOptions['handler'],
      ...(onRequest ? { onRequest } : {}),
    };
    if (spec.upload) {
      uploads.push({ ...options, bodyLimit: spec.upload.maxBytes, preHandler: uploadCheck(spec.upload) });
    } else {
      app.route(spec.bodyLimit ? { ...options, bodyLimit: spec.bodyLimit } : options);
    }
  }
  if (uploads.length === 0) return;
  app.register(async (raw) => {
    // Encapsulated: only these routes take raw bodies; every type arrives as bytes and uploadCheck judges it.
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // Rethrown errors go on to the app's error handler.
    raw.setErrorHandler(tooLargeAsUploadCode);
    for (const options of uploads) raw.route(options);
  });
}

/** Fails when a table route has no handler: call once every module is registered. */
export function assertRoutesServed(app: FastifyInstance): void {
  const served = new Set(app.accessRoutes.map((r) => r.name));
  const missing = (Object.keys(routes) as RouteName[]).filter((name) => !served.has(name));
  if (missing.length > 0) throw new Error(`route table entries without a handler: ${missing.join(', ')}`);
}
