import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person the test CAS server knows, with the attributes CAS 3.0 releases. */
export interface CasTestAccount {
  username: string;
  password: string;
  attributes: Record<string, string>;
}

export interface CasTestServer {
  /** The CAS base URL (…/cas), as configured in OpenSeal. */
  baseUrl: string;
  close(): Promise<void>;
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A small CAS server following the CAS Protocol 3.0 Specification (apereo.github.io/cas, "CAS Protocol
 * 3.0 Specification"): /login shows a credential form and, once signed in (ticket-granting cookie
 * CASTGC), redirects to the service with a single-use service ticket ST-… (spec 2.1, 3.1);
 * /serviceValidate (2.5) answers the CAS 2.0 XML, /p3/serviceValidate (2.6) adds <cas:attributes>;
 * a ticket is valid once, for the service it was issued to (INVALID_TICKET, INVALID_SERVICE);
 * /logout (2.3) ends the single sign-on session and sends each service a back-channel SAML
 * LogoutRequest naming its ticket (2.3.3, appendix C).
 */
export async function startCasTestServer(accounts: readonly CasTestAccount[]): Promise<CasTestServer> {
  const tickets = new Map<string, { service: string; username: string; tgt: string }>();
  /** Ticket-granting tickets: the signed-in person and the services they reached, with their tickets. */
  const tgts = new Map<string, { username: string; services: { service: string; ticket: string }[] }>();

  const issue = (tgt: string, service: string): string => {
    const ticket = `ST-${randomBytes(16).toString('hex')}`;
    const session = tgts.get(tgt) as { username: string; services: { service: string; ticket: string }[] };
    tickets.set(ticket, { service, username: session.username, tgt });
    session.services.push({ service, ticket });
    return ticket;
  };
  const withTicket = (service: string, ticket: string) =>
    `${service}${service.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(ticket)}`;
  const tgtOf = (req: IncomingMessage) =>
    /(?:^|;\s*)CASTGC=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
  const readForm = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return new URLSearchParams(body);
  };
  const loginForm = (service: string, error = '') =>
    `<!doctype html><html><body><h1>Central Authentication Service</h1>${error ? `<p id="msg">${xmlText(error)}</p>` : ''}
<form method="post" action="/cas/login?service=${encodeURIComponent(service)}">
<label>Username <input id="username" name="username" autocomplete="username"/></label>
<label>Password <input id="password" name="password" type="password"/></label>
<input type="hidden" name="execution" value="e1s1"/><button id="login" type="submit">Login</button></form></body></html>`;

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://cas.invalid');
    const service = url.searchParams.get('service') ?? '';
    if (url.pathname === '/cas/login' && req.method === 'GET') {
      const tgt = tgtOf(req);
      if (tgt && tgts.has(tgt) && service) {
        res.writeHead(302, { location: withTicket(service, issue(tgt, service)) }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(service));
      return;
    }
    if (url.pathname === '/cas/login' && req.method === 'POST') {
      const form = await readForm(req);
      const account = accounts.find(
        (a) => a.username === form.get('username') && a.password === form.get('password'),
      );
      if (!account) {
        res
          .writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
          .end(loginForm(service, 'Invalid credentials.'));
        return;
      }
      const tgt = `TGT-${randomBytes(16).toString('hex')}`;
      tgts.set(tgt, { username: account.username, services: [] });
      const cookie = `CASTGC=${tgt}; Path=/cas; HttpOnly`;
      if (!service) {
        res.writeHead(200, { 'set-cookie': cookie, 'content-type': 'text/html' }).end('<p>Logged in</p>');
        return;
      }
      res.writeHead(302, { 'set-cookie': cookie, location: withTicket(service, issue(tgt, service)) }).end();
      return;
    }
    if (url.pathname === '/cas/serviceValidate' || url.pathname === '/cas/p3/serviceValidate') {
      const ticket = url.searchParams.get('ticket') ?? '';
      const found = tickets.get(ticket);
      tickets.delete(ticket); // spec 3.1.1: a service ticket is valid for one validation attempt
      let body: string;
      if (!service || !ticket) body = failure('INVALID_REQUEST', 'service and ticket are required');
      else if (!found) body = failure('INVALID_TICKET', `Ticket ${ticket} not recognized`);
      else if (found.service !== service)
        body = failure('INVALID_SERVICE', `Ticket ${ticket} does not match the service`);
      else {
        const account = accounts.find((a) => a.username === found.username) as CasTestAccount;
        const attributes =
          url.pathname === '/cas/p3/serviceValidate'
            ? `<cas:attributes>${Object.entries(account.attributes)
                .map(([k, v]) => `<cas:${k}>${xmlText(v)}</cas:${k}>`)
                .join('')}</cas:attributes>`
            : '';
        body = `<cas:authenticationSuccess><cas:user>${xmlText(account.username)}</cas:user>${attributes}</cas:authenticationSuccess>`;
      }
      res
        .writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
        .end(`<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">${body}</cas:serviceResponse>`);
      return;
    }
    if (url.pathname === '/cas/logout') {
      const tgt = tgtOf(req);
      const session = tgt ? tgts.get(tgt) : undefined;
      if (tgt) tgts.delete(tgt);
      // A service that cannot be reached misses its logout; the others still get theirs.
      for (const s of session?.services ?? [])
        await sendSingleLogout(s.service, s.ticket).catch(() => undefined);
      const headers = { 'set-cookie': 'CASTGC=; Path=/cas; Max-Age=0' };
      if (service) res.writeHead(302, { ...headers, location: service }).end();
      else res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<p>Logged out</p>');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cas`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function failure(code: string, message: string): string {
  return `<cas:authenticationFailure code="${code}">${xmlText(message)}</cas:authenticationFailure>`;
}

/** Spec 2.3.3 / appendix C: a back-channel POST of a SAML LogoutRequest whose SessionIndex is the ticket. */
export function sendSingleLogout(service: string, ticket: string): Promise<Response> {
  return fetch(service, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logoutRequest: logoutRequestXml(ticket) }),
  });
}

/** Appendix C's LogoutRequest for a service ticket. */
export function logoutRequestXml(ticket: string): string {
  return `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="LR-${randomBytes(8).toString('hex')}" Version="2.0" IssueInstant="${new Date().toISOString()}"><saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>${ticket}</samlp:SessionIndex></samlp:LogoutRequest>`;
}
