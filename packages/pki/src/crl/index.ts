export { type IssueCrlOptions, issueCrl, type RevokedEntry } from './issue-crl.ts';
export { type ParsedCrl, parseCrl } from './parse-crl.ts';
export {
  isRevocationReason,
  type RevocationReason,
  revocationReasonCode,
  revocationReasonFromCode,
} from './revocation-reason.ts';
