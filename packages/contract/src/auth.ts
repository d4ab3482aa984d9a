import { type Static, Type } from '@sinclair/typebox';
import { AuditEntry } from './audit.ts';
import { ErrorBody } from './error-body.ts';
import { ROLES } from './permissions.ts';

export const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const RoleGrant = Type.Object(
  { role: RoleName, orgUnitId: Type.String() },
  { additionalProperties: false },
);
export type RoleGrant = Static<typeof RoleGrant>;

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totpCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.String(),
    grants: Type.Array(RoleGrant),
  },
  { additionalProperties: false },
);
export type Me = Static<typeof Me>;

/** Login and /me alike: the user and the session's CSRF token (so a reloaded page can still write). */
export const SessionResponse = Type.Object(
  {
    user: Me,
    csrfToken: Type.String({
      description: 'Send as the x-csrf-token header on every state-changing request',
    }),
  },
  { additionalProperties: false },
);
export type SessionResponse = Static<typeof SessionResponse>;

export const loginRoute = {
  tags: ['auth'],
  body: LoginBody,
  response: { 200: SessionResponse, 401: ErrorBody, 423: ErrorBody, 429: ErrorBody },
};
export const logoutRoute = { tags: ['auth'], response: { 204: Type.Null(), 401: ErrorBody, 403: ErrorBody } };
export const meRoute = { tags: ['auth'], response: { 200: SessionResponse, 401: ErrorBody } };

export const AuditQuery = Type.Object(
  {
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

/** The security auditor's view: entries made under the system and security admin roles. */
export const listAuditRoute = {
  tags: ['audit'],
  querystring: AuditQuery,
  response: { 200: Type.Array(AuditEntry), 401: ErrorBody, 403: ErrorBody },
};

export const TotpSetupResponse = Type.Object(
  {
    secret: Type.String({ description: 'Base32; shown once, to be entered in an authenticator app' }),
    otpauthUri: Type.String(),
  },
  { additionalProperties: false },
);
export type TotpSetupResponse = Static<typeof TotpSetupResponse>;

export const TotpConfirmBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

export const totpSetupRoute = {
  tags: ['auth'],
  response: { 200: TotpSetupResponse, 401: ErrorBody, 403: ErrorBody },
};
export const totpConfirmRoute = {
  tags: ['auth'],
  body: TotpConfirmBody,
  response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};
