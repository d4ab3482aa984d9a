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

const ClaimName = Type.String({ minLength: 1, maxLength: 100 });

/** Which claims (OIDC) or attributes (CAS) carry the campus ID, the unit (id or name) and the name. */
export const SsoClaimMapping = Type.Object(
  { campusId: ClaimName, unit: ClaimName, name: ClaimName },
  { additionalProperties: false },
);

/** A provider as the system admin edits it. The client secret is write-only. */
export const SsoProviderBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('oidc'), Type.Literal('cas')]),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    enabled: Type.Boolean(),
    /** OIDC: the issuer URL; CAS: the server's base URL (e.g. https://cas.example.edu.cn/cas). */
    url: Type.String({ pattern: '^https?://', maxLength: 500 }),
    clientId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** Sent to set or change it; left out to keep the stored one. Never returned. */
    clientSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    scopes: Type.Optional(Type.String({ pattern: '(^| )openid( |$)', maxLength: 300 })),
    casVersion: Type.Optional(Type.Union([Type.Literal(2), Type.Literal(3)])),
    claims: SsoClaimMapping,
  },
  { additionalProperties: false },
);
export type SsoProviderBody = Static<typeof SsoProviderBody>;

export const SsoProviderSettings = Type.Object(
  {
    id: Type.String(),
    kind: Type.Union([Type.Literal('oidc'), Type.Literal('cas')]),
    name: Type.String(),
    enabled: Type.Boolean(),
    url: Type.String(),
    clientId: Type.Union([Type.String(), Type.Null()]),
    /** A client secret is stored (its value never leaves the server). */
    clientSecretSet: Type.Boolean(),
    scopes: Type.Union([Type.String(), Type.Null()]),
    casVersion: Type.Union([Type.Literal(2), Type.Literal(3), Type.Null()]),
    claims: SsoClaimMapping,
    /** Where the provider must send people back (register it at the provider). */
    callbackPath: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type SsoProviderSettings = Static<typeof SsoProviderSettings>;

export const listSsoSettingsRoute = {
  tags: ['auth'],
  response: { 200: Type.Array(SsoProviderSettings), 401: ErrorBody, 403: ErrorBody },
};

export const saveSsoSettingsRoute = {
  tags: ['auth'],
  params: Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }) }),
  body: SsoProviderBody,
  response: { 200: SsoProviderSettings, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
};

/** CAS single logout (CAS 3.0 spec 2.3.3): the server POSTs a SAML LogoutRequest naming the ticket. */
export const SsoSingleLogoutBody = Type.Object({ logoutRequest: Type.String({ maxLength: 20_000 }) });

export const ssoSingleLogoutRoute = {
  tags: ['auth'],
  params: ProviderParams,
  body: SsoSingleLogoutBody,
  response: { 204: Type.Null(), 400: ErrorBody, 404: ErrorBody },
};
