import { type Static, Type } from '@sinclair/typebox';

/** Every error response: the stable code, both messages, and the request id to quote. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable error code, e.g. ERR_VALIDATION' }),
    message: Type.String(),
    messageZh: Type.String(),
    requestId: Type.String(),
    details: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'ErrorBody', additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorBody>;

/**
 * What the access hook may answer before a route's handler runs: no session (401), no permission or
 * no CSRF token (403), a scoped target that does not exist (404). Spread into a route's responses.
 */
export const denied = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
