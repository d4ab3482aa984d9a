export { initPki, type PkiInitOptions } from './init-pki.ts';
export { changePkiPassphrase, type LoadPkiOptions, loadPki } from './load-pki.ts';
export type { IssueRequest, Pki, PkiEntity, RevocationStatus } from './pki.ts';
export type { CaName } from './pki-state.ts';
export { type PkiUrls, pkiUrls } from './pki-urls.ts';
