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
