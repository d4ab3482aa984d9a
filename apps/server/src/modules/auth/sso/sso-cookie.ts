import type { FastifyRequest } from 'fastify';

const SSO_COOKIE = 'openseal_sso';
const SSO_PATH = '/api/auth/sso';

/**
 * Binds a sign-in in flight to the browser that started it (RFC 9700 4.7: state tied to the user
 * agent). SameSite=Lax, not Strict: the provider sends the browser back by a cross-site navigation.
 */
export function ssoStateCookie(state: string, maxAgeMs: number, secure: boolean): string {
  const attributes = `Path=${SSO_PATH}; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}`;
  return `${SSO_COOKIE}=${state}; ${attributes}${secure ? '; Secure' : ''}`;
}

export function clearedSsoStateCookie(secure: boolean): string {
  return `${SSO_COOKIE}=; Path=${SSO_PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The state of the sign-in this browser started, if any (RFC 6265 5.2: the first cookie of the name). */
export function readSsoState(req: FastifyRequest): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SSO_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** This server's origin as the browser reached it (behind the proxy the config trusts). */
export function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Where a provider sends the browser back: the redirect URI (OIDC) or service URL (CAS). */
export function callbackUrlOf(req: FastifyRequest, providerId: string): string {
  return `${originOf(req)}${SSO_PATH}/${encodeURIComponent(providerId)}/callback`;
}
