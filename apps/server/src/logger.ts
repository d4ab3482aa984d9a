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

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}
