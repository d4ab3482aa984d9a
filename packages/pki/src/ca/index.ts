export { initPki, type PkiInitOptions } from './init-pki.ts';
export { changePkiPassphrase, type LoadPkiOptions, loadPki } from './load-pki.ts';
export {
  type IssueRequest,
  type Pki,
  type PkiEntity,
  type RevocationStatus,
  type SignerKind,
  signerKindOf,
} from './pki.ts';
export type { CaName } from './pki-state.ts';
export { type PkiUrls, pkiUrls } from './pki-urls.ts';
