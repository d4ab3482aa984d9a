import { type Static, Type } from '@sinclair/typebox';
import { RoleGrant, RoleName } from './auth.ts';
import { ErrorBody } from './error-body.ts';

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

export const ResetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 12, maxLength: 256 }) },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

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

const denied = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
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
  response: { 204: Type.Null(), ...denied },
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
