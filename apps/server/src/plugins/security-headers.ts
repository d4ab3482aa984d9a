import fp from 'fastify-plugin';

/**
 * The console's Content Security Policy: scripts only from this server (no inline or eval), so an
 * injected string cannot run; WebAssembly may compile (the pdfme designer draws PDFs with pdfium in
 * a worker); inline styles are allowed because antd writes its CSS at run time; data:/blob: images,
 * fonts and workers for the pdfme designer and pdf.js; no framing by any page. Connections go to
 * this server and to the signer's own UKey helper on loopback (`openseal token-helper`, port 7480):
 * the contract page signs through it, and the helper itself answers only the origins it was given.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:7480 http://localhost:7480",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // For browsers without frame-ancestors.
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // The verification page's address carries the access code (/v/ID?c=CODE): never send it on.
  'referrer-policy': 'no-referrer',
};

/** Sets the security headers on every response (pages, API answers, errors, files) that lacks its own. */
export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (req, reply, payload) => {
      // A route's own stricter policy (a sandboxed PDF, a seal image) stands.
      for (const [name, value] of Object.entries(HEADERS)) {
        if (!reply.hasHeader(name)) reply.header(name, value);
      }
      // Only over HTTPS (RFC 6797 7.2), as the client sees it: behind a TLS proxy when TRUST_PROXY says so.
      if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
      return payload;
    });
  },
  { name: 'security-headers' },
);
