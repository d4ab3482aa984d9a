import * as oidc from 'openid-client';
import { AppError } from '../../../errors.ts';
import type { SsoProvider } from './sso-providers.ts';

type OidcProvider = Extract<SsoProvider, { kind: 'oidc' }>;

/** What a sign-in keeps server-side between the redirect and the callback. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The verified outcome of a callback: the ID token's and UserInfo's claims, and the ID token (for logout). */
export interface OidcIdentity {
  claims: Record<string, unknown>;
  idToken: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Each provider's discovered configuration, kept per server until the admin changes the provider. */
export type OidcConfigurations = Map<string, { updatedAt: string; config: Promise<oidc.Configuration> }>;

/** Discovery (OIDC Discovery 1.0). Plain HTTP only to a loopback issuer (a provider on this machine). */
function configurationOf(
  configurations: OidcConfigurations,
  provider: OidcProvider,
): Promise<oidc.Configuration> {
  const cached = configurations.get(provider.id);
  if (cached && cached.updatedAt === provider.updatedAt) return cached.config;
  const issuer = new URL(provider.issuer);
  const insecure = issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);
  const config = oidc
    .discovery(
      issuer,
      provider.clientId,
      undefined,
      oidc.ClientSecretBasic(provider.clientSecret),
      // OIDC Core 3.1.3.7 lets TLS stand in for the ID token's signature; we check the signature
      // anyway (the issuer may be a loopback HTTP provider, and the token is kept for logout).
      {
        execute: insecure
          ? [oidc.enableNonRepudiationChecks, oidc.allowInsecureRequests]
          : [oidc.enableNonRepudiationChecks],
      },
    )
    .catch((err: unknown) => {
      configurations.delete(provider.id);
      throw err;
    });
  configurations.set(provider.id, { updatedAt: provider.updatedAt, config });
  return config;
}

/** The provider's authorization URL for a new sign-in (code flow, PKCE S256, state and nonce). */
export async function oidcAuthorizationUrl(
  configurations: OidcConfigurations,
  provider: OidcProvider,
  redirectUri: string,
): Promise<{ url: URL; checks: OidcChecks }> {
  const config = await configurationOf(configurations, provider);
  const checks = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    response_type: 'code',
    state: checks.state,
    nonce: checks.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, checks };
}

/**
 * Redeems the code and validates the ID token (signature, issuer, audience, expiry, nonce; OIDC Core
 * 3.1.3.7), then reads UserInfo for the subject. Any failure is ERR_SSO_TOKEN_INVALID; the library's
 * reason goes to the log, not to the browser.
 */
export async function oidcRedeem(
  configurations: OidcConfigurations,
  provider: OidcProvider,
  callbackUrl: URL,
  checks: OidcChecks,
  log: (err: unknown) => void,
): Promise<OidcIdentity> {
  try {
    const config = await configurationOf(configurations, provider);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims || tokens.id_token === undefined) throw new Error('no ID token');
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    return { claims: { ...userInfo, ...idClaims }, idToken: tokens.id_token };
  } catch (err) {
    log(err);
    throw new AppError('ERR_SSO_TOKEN_INVALID');
  }
}

/** The provider's end-session URL (OIDC RP-Initiated Logout 1.0), or null when it offers none. */
export async function oidcEndSessionUrl(
  configurations: OidcConfigurations,
  provider: OidcProvider,
  idToken: string,
  postLogoutRedirectUri: string,
): Promise<string | null> {
  const config = await configurationOf(configurations, provider);
  if (!config.serverMetadata().end_session_endpoint) return null;
  return oidc
    .buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri })
    .toString();
}
