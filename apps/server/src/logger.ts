import type { FastifyRequest } from 'fastify';
import type { LoggerOptions } from 'pino';

/**
 * Paths pino censors wherever they appear one or two levels deep: credentials in headers and any
 * field named like a secret. Documents never reach the logger (routes log ids and hashes only).
 */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passphrase',
  'secret',
  'token',
  'key',
  'privateKey',
  'apiKey',
  'totp',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/**
 * Query parameters that carry a secret in an address: a credential's access code (`c` in the QR
 * code's URL, `code` in the public API).
 */
const SECRET_QUERY_PARAMS = new Set(['c', 'code']);

/** The address with the value of every secret query parameter replaced, for log lines. */
export function redactUrl(address: string): string {
  // An external signer's invitation link (/sign/<token>) carries its token in the path.
  const url = address.replace(/^\/sign\/[^/?#]+/, '/sign/[redacted]');
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // An undecodable name is kept as it is and still compared.
      }
      return SECRET_QUERY_PARAMS.has(decoded.toLowerCase()) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, query)}?${params.join('&')}`;
}

/** Fastify's request fields, with secrets in the address redacted; any other object logged as `req` too. */
function serializeRequest(req: FastifyRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest as (req: unknown) => unknown },
  };
}
