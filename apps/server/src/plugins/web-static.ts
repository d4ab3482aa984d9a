import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export interface WebStaticOptions {
  /** The built console (apps/web/dist). Default: the monorepo's copy next to this app. */
  root?: string;
}

const DEFAULT_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

// Paths the console never owns: an unknown API or PKI address must stay a JSON 404, not the page.
const API_PREFIXES = ['/api/', '/pki/', '/health'];

// As connect-history-api-fallback: only a browser navigation (Accept: text/html) gets the page, so
// API clients and scripts asking for an unknown address still receive the JSON ERR_NOT_FOUND.
function isSpaRoute(url: string, accept: string | undefined): boolean {
  if (!accept?.includes('text/html')) return false;
  const path = url.split('?', 1)[0] ?? '/';
  if (path === '/api' || API_PREFIXES.some((p) => path.startsWith(p))) return false;
  // A missing asset (a name with an extension) is a 404, not index.html served as script.
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Serves the web console when it has been built (`npm run build -w @openseal/web`); any other
 * GET that is a client-side route gets index.html so deep links and reloads work.
 */
export const webStaticPlugin = fp<WebStaticOptions>(
  async (app, opts) => {
    const root = opts.root ?? DEFAULT_ROOT;
    if (!existsSync(`${root}/index.html`)) {
      app.log.info({ root }, 'web console not built; not serving it');
      return;
    }
    // wildcard: false registers one route per built file at start, so the catch-all below sees the rest.
    await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (!isSpaRoute(request.url, request.headers.accept)) return reply.callNotFound();
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  },
  { name: 'web-static' },
);
