// Who may talk to the helper: only pages of the configured origins (CORS, Fetch standard 3.2), and
// only through a Host naming the loopback address, so a hostile name re-pointed at 127.0.0.1 (DNS
// rebinding) gets nothing even though the browser then treats it as same-origin.

/**
 * Checks an --origin value: scheme, host and port only (as a browser writes the Origin header, RFC 6454
 * 6.1), https, or http for a page on this computer during development. Returns it, or the reason not.
 */
export function parseAllowedOrigin(value: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: `${value} is not a URL` };
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { problem: `${value} must be an https:// origin (http:// only for localhost)` };
  }
  if (url.origin !== value) {
    return { problem: `${value} must be written as ${url.origin}: scheme, host and port, nothing after` };
  }
  return { origin: url.origin };
}

/** The Host header names the loopback address the helper listens on (RFC 9110 7.2). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** Answer headers for a request from an allowed origin. */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

/**
 * The preflight answer for an allowed origin. Chrome's Private Network Access asks, with
 * Access-Control-Request-Private-Network, before a public page may reach a loopback address.
 */
export function preflightHeaders(origin: string, privateNetwork: boolean): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'Access-Control-Allow-Methods': 'GET, POST',
    'Access-Control-Allow-Headers': 'content-type',
    'Access-Control-Max-Age': '600',
    ...(privateNetwork ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
  };
}
