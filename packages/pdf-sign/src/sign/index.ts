export { addDocumentTimestamp } from './document-timestamp.ts';
export { addValidationData, type ValidationDataInput } from './dss.ts';
export { type DualSigner, type DualSignOptions, signDual } from './dual-sign.ts';
export { type CompleteSignatureOptions, completeSignature, prepareSignature } from './external-signing.ts';
export type { ExternalSignerInfo, PreparedSignature } from './prepared-signature.ts';
export { isFreshFor, issueTime, revocationThisUpdate } from './revocation-freshness.ts';
export { httpRevocationSource, pkiRevocationSource } from './revocation-sources.ts';
export { sign } from './sign.ts';
export { SignError, type SignErrorCode } from './sign-error.ts';
export type {
  CmsForm,
  PadesLevel,
  Placement,
  PrepareSignatureOptions,
  ReservedField,
  RevocationSource,
  SealCredentials,
  SignatureMark,
  SignOptions,
} from './sign-options.ts';
export { type SigningState, signingState } from './signing-state.ts';
