export { createPkiRequestHandler, createPkiServer, type PkiServerOptions } from './pki-server.ts';
