import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorCode } from '../error-codes.ts';
import type { Permission } from '../permissions.ts';
import type { ServiceOperation } from '../service-api.ts';

/**
 * Where the org unit a permission route acts on comes from; the grant must sit at that unit or above.
 * The server maps each name to one resolver (apps/server/src/route-scopes.ts) and refuses to start
 * when a name has none. `<where>` names the request part read; `:<kind>` says the id there is that
 * kind of record, whose owning unit is the scope.
 */
export const SCOPES = [
  /** The school's root unit: school-wide settings and reviews. */
  'root',
  'query.unitId',
  /** `unitId` when given, else the root unit. */
  'query.unitIdOrRoot',
  'query.orgUnitId',
  'body.unitId',
  'body.parentId',
  'body.orgUnitId',
  'body.ownerUnitId',
  /** A seal request's body: the new seal's unit (seal.make), else the named seal's unit. */
  'body:sealRequest',
  'params.id:seal',
  'params.id:request',
  'params.id:user',
  'params.id:template',
  'params.id:credential',
  'params.id:job',
  'params.id:serviceAccount',
  'params.typeCode:credentialType',
  'query.typeCode:credentialType',
  'body.typeCode:credentialType',
] as const;
export type ScopeName = (typeof SCOPES)[number];

/**
 * Who may call a route: anyone, anyone signed in, a holder of a permission (at the scope's unit), or
 * a service account's key whose scope names the operation (never a session: /api/service/v1/*).
 */
export type RouteAccess =
  | { public: true }
  | { session: true }
  | { permission: Permission; scope?: ScopeName }
  | { service: ServiceOperation };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The Fastify/OpenAPI schema of a route: TypeBox schemas for each part, answers by status. */
export interface RouteSchema {
  summary?: string;
  description?: string;
  tags?: readonly string[];
  /** Left out of the OpenAPI document. */
  hide?: boolean;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response?: Readonly<Record<number, TSchema>>;
  /** The media types a download answers with, for the OpenAPI document. */
  produces?: readonly string[];
}

/**
 * A document upload: the request body is the file's bytes, sent with one of `contentTypes`
 * (never base64 in JSON); the other inputs travel in the path and query. Any other type is refused,
 * after the access check, with `wrongType` (default ERR_UNSUPPORTED_MEDIA_TYPE, 415); a larger body
 * with `tooLarge` (default ERR_PAYLOAD_TOO_LARGE, 413). An `optional` upload may also have no body
 * (no content type, or a length of 0): the handler then gets `undefined`.
 */
export interface RouteUpload {
  contentTypes: readonly string[];
  maxBytes: number;
  wrongType?: ErrorCode;
  tooLarge?: ErrorCode;
  optional?: true;
}

/** A file answer: the client reads bytes (Content-Type one of these), not JSON. */
export interface RouteDownload {
  contentTypes: readonly string[];
}

export interface RouteSpec {
  method: HttpMethod;
  /** Fastify style: `/api/seals/:id`. */
  path: string;
  schema: RouteSchema;
  access: RouteAccess;
  upload?: RouteUpload;
  download?: RouteDownload;
  /** A JSON body larger than Fastify's default 1 MB. */
  bodyLimit?: number;
}

type Part<R extends RouteSpec, K extends 'params' | 'querystring' | 'body'> = R['schema'] extends {
  [P in K]: infer S extends TSchema;
}
  ? Static<S>
  : undefined;

/** The path parameters of a route (`undefined` when it has none). */
export type RouteParams<R extends RouteSpec> = Part<R, 'params'>;
/** The query string of a route (`undefined` when it takes none). */
export type RouteQuery<R extends RouteSpec> = Part<R, 'querystring'>;
/** The JSON body of a route; an upload route's body is the file's bytes instead (absent if optional and not sent). */
export type RouteBody<R extends RouteSpec> = R extends { upload: { optional: true } }
  ? Uint8Array | undefined
  : R extends { upload: RouteUpload }
    ? Uint8Array
    : Part<R, 'body'>;

type Responses<R extends RouteSpec> = R['schema'] extends { response: infer M } ? M : Record<never, never>;
/**
 * The success answer of a route: the 200 (else 201) schema's type, `undefined` for 204 or no declared
 * answer. A download route's answer is bytes (see `download`).
 */
export type RouteResponse<R extends RouteSpec> = R extends { download: RouteDownload }
  ? Uint8Array
  : Responses<R> extends { 200: infer S extends TSchema }
    ? Static<S>
    : Responses<R> extends { 201: infer S extends TSchema }
      ? Static<S>
      : undefined;
