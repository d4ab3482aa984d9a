// The helper's HTTP API on the loopback address: who may ask (request-guard.ts), what each route
// takes, and JSON answers that are never cached. Token work is synchronous (pkcs11js), so requests
// reach the token one at a time.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { corsHeaders, hostAllowed, preflightHeaders } from './request-guard.ts';
import type { TokenAccess, TokenDescription } from './token-access.ts';
import { tokenCertificationRequest } from './token-csr.ts';
import { TokenHelperError } from './token-helper-error.ts';
import {
  findTokenKey,
  generateTokenKey,
  listTokenKeys,
  signWithTokenKey,
  spkiDer,
  type TokenKeyInfo,
} from './token-keys.ts';

export interface TokenHelperServerOptions {
  access: TokenAccess;
  /** Origins of the pages that may use the token, already checked with parseAllowedOrigin. */
  origins: readonly string[];
  version: string;
  /** Receives one line per signature the token makes: time, key label, SHA-256 of the signed bytes. */
  log: (line: string) => void;
  /** Reports a defect of the helper (never a PIN: no message carries it). */
  reportError: (error: unknown) => void;
  now: () => Date;
}

export interface TokenInfo {
  version: string;
  token: TokenDescription;
  keys: TokenKeyInfo[];
}

/** WebCrypto signs at most what the page holds; the signed attributes of a PDF are a few hundred bytes. */
export const MAX_SIGN_DATA = 64 * 1024;
/** The base64 of MAX_SIGN_DATA and the other fields of the JSON body. */
const MAX_BODY = 96 * 1024;

interface RequestContext {
  /** The page's origin; undefined only on routes that allow requests without one. */
  origin: string | undefined;
  body: Record<string, unknown>;
}

interface Route {
  /** GET /v1/info answers curl too, for diagnostics: it shows nothing a local process cannot ask the token. */
  withoutOrigin: boolean;
  handle(ctx: RequestContext): unknown;
}

const invalid = (message: string) => new TokenHelperError('ERR_TOKEN_INPUT_INVALID', message);

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw invalid(`${name} must be a string`);
  return value;
}

/** Standard base64 with padding (RFC 4648 4), strictly: Buffer.from would skip what it does not know. */
function base64Field(body: Record<string, unknown>, name: string): Uint8Array {
  const value = stringField(body, name);
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw invalid(`${name} must be standard base64 (RFC 4648 4, with padding)`);
  }
  return Buffer.from(value, 'base64');
}

const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function routes(opts: TokenHelperServerOptions): Record<string, Route> {
  const { access } = opts;
  // JSON.stringify quotes the label: a line break in it cannot forge a log line.
  const logSignature = (what: string, key: TokenKeyInfo, data: Uint8Array, origin: string | undefined) =>
    opts.log(
      `${opts.now().toISOString()} ${what} key ${JSON.stringify(key.label)} (id ${key.id}) ` +
        `sha256 ${sha256Hex(data)} for ${origin ?? 'no origin'}`,
    );

  return {
    'GET /v1/info': {
      withoutOrigin: true,
      handle: (): TokenInfo =>
        access.use((session, token) => ({ version: opts.version, token, keys: listTokenKeys(session) })),
    },
    'POST /v1/keys': {
      withoutOrigin: false,
      handle: ({ body }) => access.use((session) => generateTokenKey(session, body['label'])),
    },
    'POST /v1/csr': {
      withoutOrigin: false,
      handle: ({ body, origin }) => {
        const keyId = stringField(body, 'keyId');
        return access.use((session) => {
          const key = findTokenKey(session, keyId);
          if (!key.publicKey) {
            throw new TokenHelperError(
              'ERR_TOKEN_KEY_UNKNOWN',
              `the UKey holds no public key or certificate for key ${keyId}, so no request can name it`,
            );
          }
          const csr = tokenCertificationRequest(spkiDer(key.publicKey), key.keyType, (info) => {
            const signature = signWithTokenKey(access, session, key, info);
            logSignature('certificate request signed with', key, info, origin);
            return signature;
          });
          return { csr: Buffer.from(csr).toString('base64') };
        });
      },
    },
    'POST /v1/sign': {
      withoutOrigin: false,
      handle: ({ body, origin }) => {
        const keyId = stringField(body, 'keyId');
        if (body['hash'] !== 'SHA-256') throw invalid('hash must be "SHA-256"');
        const data = base64Field(body, 'data');
        if (data.length > MAX_SIGN_DATA) {
          throw new TokenHelperError(
            'ERR_TOKEN_DATA_TOO_LARGE',
            `data is ${data.length} bytes; the helper signs at most ${MAX_SIGN_DATA}`,
          );
        }
        return access.use((session) => {
          const key = findTokenKey(session, keyId);
          const signature = signWithTokenKey(access, session, key, data);
          logSignature('data signed with', key, data, origin);
          return { signature: Buffer.from(signature).toString('base64') };
        });
      },
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...(json ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

function sendError(res: ServerResponse, error: TokenHelperError, headers: Record<string, string> = {}): void {
  send(res, error.status, { code: error.code, message: error.message, messageZh: error.messageZh }, headers);
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // Requiring JSON also makes every cross-origin POST a preflighted one (Fetch standard, CORS-safelisted types).
  if (type !== 'application/json') {
    throw new TokenHelperError(
      'ERR_TOKEN_CONTENT_TYPE',
      'send the request as JSON (Content-Type: application/json)',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      throw new TokenHelperError(
        'ERR_TOKEN_DATA_TOO_LARGE',
        `the request body is larger than ${MAX_BODY} bytes`,
      );
    }
    chunks.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw invalid('the request body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('the request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The helper's HTTP server, not yet listening: the caller binds it to 127.0.0.1 only. */
export function createTokenHelperServer(opts: TokenHelperServerOptions): Server {
  const allowed = new Set(opts.origins);
  const table = routes(opts);

  const server = createServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    if (!hostAllowed(req.headers.host, port)) {
      sendError(
        res,
        new TokenHelperError(
          'ERR_TOKEN_HOST_FORBIDDEN',
          `the helper answers only requests to 127.0.0.1:${port} or localhost:${port}`,
        ),
      );
      return;
    }
    const origin = req.headers.origin;
    const fromAllowedPage = origin !== undefined && allowed.has(origin);
    const forbiddenOrigin = () =>
      new TokenHelperError(
        'ERR_TOKEN_ORIGIN_FORBIDDEN',
        origin === undefined
          ? 'the helper answers only pages of the configured sites (requests with an Origin header)'
          : `the helper does not accept requests from ${origin}: start it with --origin ${origin} to allow them`,
      );
    // A page of another origin learns nothing, not even the error: no CORS headers at all.
    if (origin !== undefined && !fromAllowedPage) return sendError(res, forbiddenOrigin());

    if (req.method === 'OPTIONS') {
      if (!fromAllowedPage) return sendError(res, forbiddenOrigin());
      const privateNetwork = req.headers['access-control-request-private-network'] === 'true';
      return send(res, 204, undefined, preflightHeaders(origin, privateNetwork));
    }

    const cors = fromAllowedPage ? corsHeaders(origin) : {};
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = table[`${req.method} ${path}`];
    if (!route) {
      return sendError(
        res,
        new TokenHelperError('ERR_TOKEN_ROUTE_UNKNOWN', `the helper has no ${req.method} ${path}`),
        cors,
      );
    }
    if (!fromAllowedPage && !route.withoutOrigin) return sendError(res, forbiddenOrigin());

    void (async () => {
      try {
        const body = req.method === 'POST' ? await readJsonObject(req) : {};
        send(res, 200, route.handle({ origin, body }), cors);
      } catch (e) {
        if (!(e instanceof TokenHelperError)) opts.reportError(e);
        const error =
          e instanceof TokenHelperError
            ? e
            : new TokenHelperError('ERR_TOKEN_INTERNAL', 'the helper failed; its output says why', {
                cause: e,
              });
        // An unread body would otherwise be left in the connection; the next request cannot reuse it.
        if (!req.complete) res.setHeader('Connection', 'close');
        sendError(res, error, cors);
      }
    })();
  });
  return server;
}
