import { type Static, Type } from '@sinclair/typebox';
import { RoleGrant, RoleName } from './auth.ts';
import { denied, ErrorBody } from './error-body.ts';

/** A user as the API shows it: never the password hash, lockout counters or TOTP secret. */
export const User = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    unitId: Type.String(),
    locked: Type.Boolean(),
    grants: Type.Array(RoleGrant),
  },
  { additionalProperties: false },
);
export type User = Static<typeof User>;

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    unitId: Type.String({ minLength: 1 }),
    password: Type.String({ minLength: 12, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

/** An admin reset never sets a password: a one-time code goes to the user's unit head. */
export const ResetPasswordBody = Type.Object(
  {
    /** Also remove the enrolled authenticator (lost phone and recovery codes). */
    resetTotp: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const PasswordResetIssued = Type.Object(
  {
    /** The unit heads who can see the code and hand it over; never the admin who asked. */
    deliveredTo: Type.Array(Type.Object({ username: Type.String(), displayName: Type.String() })),
    expiresAt: Type.String(),
  },
  { additionalProperties: false },
);
export type PasswordResetIssued = Static<typeof PasswordResetIssued>;

/** A person holding a security role beside another role, found in the data (三员分立 broken). */
export const RoleConflict = Type.Object(
  {
    userId: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    grants: Type.Array(RoleGrant),
  },
  { additionalProperties: false },
);
export type RoleConflict = Static<typeof RoleConflict>;

export const ListUsersQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);
export type ListUsersQuery = Static<typeof ListUsersQuery>;

export const RevokeRoleQuery = Type.Object(
  { role: RoleName, orgUnitId: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type RevokeRoleQuery = Static<typeof RevokeRoleQuery>;

export const UserIdParams = Type.Object(
  { id: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type UserIdParams = Static<typeof UserIdParams>;

export const listUsersRoute = {
  tags: ['users'],
  querystring: ListUsersQuery,
  response: { 200: Type.Array(User), ...denied },
};
export const createUserRoute = {
  tags: ['users'],
  body: CreateUserBody,
  response: { 201: User, 409: ErrorBody, ...denied },
};
export const resetPasswordRoute = {
  tags: ['users'],
  params: UserIdParams,
  body: ResetPasswordBody,
  response: { 200: PasswordResetIssued, 409: ErrorBody, ...denied },
};
export const listRoleConflictsRoute = {
  tags: ['users'],
  response: { 200: Type.Array(RoleConflict), 401: ErrorBody, 403: ErrorBody },
};
export const grantRoleRoute = {
  tags: ['users'],
  params: UserIdParams,
  body: RoleGrant,
  response: { 200: User, 409: ErrorBody, ...denied },
};
export const revokeRoleRoute = {
  tags: ['users'],
  params: UserIdParams,
  querystring: RevokeRoleQuery,
  response: { 200: User, ...denied },
};
