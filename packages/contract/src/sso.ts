import { type Static, Type } from '@sinclair/typebox';
import { SessionResponse } from './auth.ts';
import { ErrorBody } from './error-body.ts';

/** An enabled single sign-on provider as the sign-in page lists it. */
export const SsoProviderButton = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('oidc'), Type.Literal('cas')]),
    name: Type.String(),
  },
  { additionalProperties: false },
);
export type SsoProviderButton = Static<typeof SsoProviderButton>;

const ProviderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const ssoProvidersRoute = {
  tags: ['auth'],
  response: { 200: Type.Array(SsoProviderButton) },
};

/** Answers 302 to the provider's sign-in page. */
export const ssoStartRoute = {
  tags: ['auth'],
  params: ProviderParams,
  response: { 404: ErrorBody },
};

/**
 * The provider sends the browser back here (OIDC: code, state, iss; CAS: ticket). Answers 302: to the
 * console when signed in, to /login?sso=totp when a second factor is due, to /login?ssoError=<code>
 * when refused.
 */
export const ssoCallbackRoute = {
  tags: ['auth'],
  params: ProviderParams,
  querystring: Type.Record(Type.String(), Type.String()),
};

export const SsoSecondFactorBody = Type.Object(
  { totpCode: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type SsoSecondFactorBody = Static<typeof SsoSecondFactorBody>;

/** After an SSO sign-in that needs a second factor: the code opens the session. */
export const ssoSecondFactorRoute = {
  tags: ['auth'],
  body: SsoSecondFactorBody,
  response: { 200: SessionResponse, 400: ErrorBody, 401: ErrorBody },
};

export const SsoLogoutResponse = Type.Object(
  {
    /** The provider's end-session page to send the browser to (RP-initiated logout); null when none. */
    redirectUrl: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type SsoLogoutResponse = Static<typeof SsoLogoutResponse>;

export const ssoLogoutRoute = {
  tags: ['auth'],
  response: { 200: SsoLogoutResponse, 401: ErrorBody },
};
