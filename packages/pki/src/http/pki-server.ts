import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Pki } from '../ca/pki.ts';
import { createOcspResponder } from '../ocsp/ocsp-responder.ts';
import { errorResponse } from '../ocsp/ocsp-response.ts';
import { createTimestampAuthority } from '../tsa/timestamp-authority.ts';
import { readBody } from './read-body.ts';

export interface PkiServerOptions {
  /** Path prefix of every route but /health; default '/pki'. */
  prefix?: string;
  clock?: () => Date;
}

/** TSA queries and OCSP requests are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

const UNAUTHORIZED = errorResponse('unauthorized');

type Reply = { status: number; type: string; body: Uint8Array | string; headers?: Record<string, string> };

const text = (status: number, body: string, headers?: Record<string, string>): Reply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body,
  headers,
});
const binary = (type: string, body: Uint8Array): Reply => ({ status: 200, type, body });

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/**
 * HTTP server for the built-in PKI: the TSA (RFC 3161 3.4), OCSP over POST and GET (RFC 6960 A.1),
 * the CRLs and CA certificates the issued certificates point to, and /health. The issuing CA's
 * delegated responder answers for its certificates; the root answers for the issuing CA itself.
 */
/** The PKI's HTTP services on their own node:http server (`openseal pki serve`). */
export function createPkiServer(pki: Pki, opts: PkiServerOptions = {}): Server {
  const server = createServer(createPkiRequestHandler(pki, opts));
  server.requestTimeout = 30_000;
  return server;
}

/** The same services as a request handler, for a server that answers other paths too (the platform). */
export function createPkiRequestHandler(
  pki: Pki,
  opts: PkiServerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const prefix = (opts.prefix ?? '/pki').replace(/\/+$/, '');
  const clock = opts.clock ?? (() => new Date());
  const tsa = createTimestampAuthority({
    certificate: pki.tsa.certificate,
    signer: pki.tsa.signer,
    chain: [pki.issuing.certificate],
    clock,
  });
  const issuingOcsp = createOcspResponder({
    issuer: pki.issuing.certificate,
    responder: pki.ocsp,
    status: (serial) => pki.revocationStatusBySerial('issuing', serial),
    clock,
  });
  const rootOcsp = createOcspResponder({
    issuer: pki.root.certificate,
    responder: pki.root,
    status: (serial) => pki.revocationStatusBySerial('root', serial),
    clock,
  });

  async function ocsp(request: Uint8Array): Promise<Reply> {
    let response = await issuingOcsp.respond(request);
    if (sameBytes(response, UNAUTHORIZED)) response = await rootOcsp.respond(request);
    return binary('application/ocsp-response', response);
  }

  async function post(req: IncomingMessage, type: string, handle: (body: Uint8Array) => Promise<Reply>) {
    if (req.method !== 'POST') return text(405, 'method not allowed', { allow: 'POST' });
    if (req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() !== type) {
      return text(415, `expected ${type}`);
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return text(413, 'request body too large', { connection: 'close' });
    return handle(body);
  }

  async function route(req: IncomingMessage): Promise<Reply> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/health') return { status: 200, type: 'application/json', body: '{"status":"ok"}' };
    if (!path.startsWith(`${prefix}/`)) return text(404, 'not found');
    const route = path.slice(prefix.length);
    const get = req.method === 'GET';
    switch (route) {
      case '/tsa':
        return post(req, 'application/timestamp-query', async (body) =>
          binary('application/timestamp-reply', await tsa.respond(body)),
        );
      case '/ocsp':
        return post(req, 'application/ocsp-request', ocsp);
      case '/crl/root-ca.crl':
      case '/crl/issuing-ca.crl':
        if (!get) return text(405, 'method not allowed', { allow: 'GET' });
        return binary(
          'application/pkix-crl',
          await pki.crl(route === '/crl/root-ca.crl' ? 'root' : 'issuing', clock()),
        );
      case '/ca/root-ca.cer':
        return get
          ? binary('application/pkix-cert', pki.root.certificate.der)
          : text(405, 'method not allowed');
      case '/ca/issuing-ca.cer':
        return get
          ? binary('application/pkix-cert', pki.issuing.certificate.der)
          : text(405, 'method not allowed');
    }
    if (get && route.startsWith('/ocsp/')) {
      // RFC 6960 A.1: GET {url}/{url-encoding of base64 encoding of the DER OCSPRequest}.
      let request: Buffer;
      try {
        request = Buffer.from(decodeURIComponent(route.slice('/ocsp/'.length)), 'base64');
      } catch {
        return text(400, 'bad OCSP GET encoding');
      }
      return ocsp(request);
    }
    return text(404, 'not found');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      reply = await route(req);
    } catch {
      // Never leak internals to the client.
      reply = text(500, 'internal error');
    }
    if (res.headersSent || res.destroyed) return;
    res.writeHead(reply.status, {
      'content-type': reply.type,
      'content-length': Buffer.byteLength(reply.body),
      'x-content-type-options': 'nosniff',
      ...reply.headers,
    });
    res.end(reply.body);
  }

  return (req, res) => void handle(req, res);
}
