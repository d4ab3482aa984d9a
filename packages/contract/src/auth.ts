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
    /** Instead of totpCode when the authenticator is lost: one of the codes shown at enrolment, once. */
    recoveryCode: Type.Optional(Type.String({ pattern: '^[a-z2-9]{5}-[a-z2-9]{5}$' })),
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
    /** The grants that count: a business role held beside a security role is not honoured (三员分立). */
    grants: Type.Array(RoleGrant),
    /** A role of this user requires a second factor. */
    totpRequired: Type.Boolean(),
    totpEnrolled: Type.Boolean(),
    /** Signed in with a one-time reset code: only choosing a new password is possible. */
    mustChangePassword: Type.Boolean(),
    /** When an admin last reset the password (ISO 8601), while a new one is still to be chosen. */
    passwordResetAt: Type.Union([Type.String(), Type.Null()]),
    /** A session a phone opened by a contract's QR code: it reaches this contract alone, with no role. */
    contractScope: Type.Optional(Type.String()),
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

/** Replacing an enrolled authenticator needs both factors again, not just a session. */
export const TotpReplaceBody = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 256 }),
    code: Type.String({ pattern: '^[0-9]{6}$' }),
  },
  { additionalProperties: false },
);
export type TotpReplaceBody = Static<typeof TotpReplaceBody>;

export const TotpConfirmResponse = Type.Object(
  {
    recoveryCodes: Type.Array(Type.String(), {
      description: 'Shown once; each signs in once instead of a code. Only their hashes are kept.',
    }),
  },
  { additionalProperties: false },
);
export type TotpConfirmResponse = Static<typeof TotpConfirmResponse>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 12, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

/** A reset code waiting for the unit head to hand it to the user. */
export const PendingPasswordReset = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    issuedAt: Type.String(),
    expiresAt: Type.String(),
    /** Already shown once to a unit head. */
    revealed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PendingPasswordReset = Static<typeof PendingPasswordReset>;

export const PasswordResetIdParams = Type.Object(
  { id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type PasswordResetIdParams = Static<typeof PasswordResetIdParams>;

export const RevealedResetCode = Type.Object({ code: Type.String() }, { additionalProperties: false });
export type RevealedResetCode = Static<typeof RevealedResetCode>;

export const TotpConfirmBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

/** First enrolment only; an enrolled user goes through totpReplaceRoute. */
export const totpSetupRoute = {
  tags: ['auth'],
  response: { 200: TotpSetupResponse, 401: ErrorBody, 403: ErrorBody },
};
export const totpReplaceRoute = {
  tags: ['auth'],
  body: TotpReplaceBody,
  response: { 200: TotpSetupResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};
export const totpConfirmRoute = {
  tags: ['auth'],
  body: TotpConfirmBody,
  response: { 200: TotpConfirmResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};
export const changePasswordRoute = {
  tags: ['auth'],
  body: ChangePasswordBody,
  response: { 204: Type.Null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};
export const listPasswordResetsRoute = {
  tags: ['auth'],
  response: { 200: Type.Array(PendingPasswordReset), 401: ErrorBody },
};
export const revealPasswordResetRoute = {
  tags: ['auth'],
  params: PasswordResetIdParams,
  response: { 200: RevealedResetCode, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
};
