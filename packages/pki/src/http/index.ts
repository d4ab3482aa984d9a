export { createPkiServer, type PkiServerOptions } from './pki-server.ts';
