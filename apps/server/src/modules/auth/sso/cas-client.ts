import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../../errors.ts';
import type { SsoProvider } from './sso-providers.ts';

type CasProvider = Extract<SsoProvider, { kind: 'cas' }>;

/** CAS 3.0 spec 2.1: the server's sign-in page, told where to send the browser back. */
export function casLoginUrl(provider: CasProvider, service: string): string {
  return `${provider.baseUrl.replace(/\/+$/, '')}/login?service=${encodeURIComponent(service)}`;
}

/** CAS 3.0 spec 2.3: the server's logout page, which then sends the browser to `service`. */
export function casLogoutUrl(provider: CasProvider, service: string): string {
  return `${provider.baseUrl.replace(/\/+$/, '')}/logout?service=${encodeURIComponent(service)}`;
}

/**
 * Parses CAS XML without a DTD: a document type declaration is refused outright (a CAS response never
 * has one; it is how entity expansion and external entities get in), and entities are not processed.
 */
export function parseCasXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('CAS XML with a document type declaration');
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: false,
    parseTagValue: false,
    trimValues: true,
  });
  return parser.parse(xml, true) as Record<string, unknown>;
}

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * Validates a service ticket (CAS 3.0 spec 2.5 /serviceValidate for version 2, 2.6 /p3/serviceValidate
 * with attributes for version 3). Returns the user as claim `user` beside the released attributes.
 * Any failure is ERR_SSO_TOKEN_INVALID; the server's code goes to the log.
 */
export async function casValidate(
  provider: CasProvider,
  service: string,
  ticket: string,
  log: (reason: unknown) => void,
): Promise<Record<string, unknown>> {
  const path = provider.version === 3 ? 'p3/serviceValidate' : 'serviceValidate';
  const url = `${provider.baseUrl.replace(/\/+$/, '')}/${path}?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket)}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
    if (!res.ok) throw new Error(`CAS validation answered ${res.status}`);
    const response = asRecord(parseCasXml(await res.text()).serviceResponse);
    const failure = asRecord(response?.authenticationFailure);
    if (failure) throw new Error(`CAS refused the ticket: ${String(failure['@code'])}`);
    const success = asRecord(response?.authenticationSuccess);
    const user = success?.user;
    if (typeof user !== 'string' || user === '') throw new Error('CAS answer without a user');
    const attributes = provider.version === 3 ? (asRecord(success?.attributes) ?? {}) : {};
    return { ...attributes, user };
  } catch (err) {
    log(err);
    throw new AppError('ERR_SSO_TOKEN_INVALID');
  }
}

/**
 * The service ticket a CAS single logout names (CAS 3.0 spec 2.3.3, appendix C: a SAML LogoutRequest
 * whose SessionIndex is the ticket); null when the body is not one.
 */
export function casLogoutTicket(logoutRequest: string): string | null {
  try {
    const request = asRecord(parseCasXml(logoutRequest).LogoutRequest);
    const index = request?.SessionIndex;
    return typeof index === 'string' && index !== '' ? index : null;
  } catch {
    return null;
  }
}
