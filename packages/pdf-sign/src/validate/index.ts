// Verification of signed PDFs: the structured report, its verdict, and the typed error for unreadable input.
export type {
  Coverage,
  Indication,
  ModificationLevel,
  Problem,
  RevocationFetcher,
  SignatureReport,
  SignerInfoSummary,
  Verdict,
  VerificationReport,
  VerifyOptions,
} from './report.ts';
export { COVERAGE_ORDER, MODIFICATION_ORDER } from './report.ts';
export { DEFAULT_MAX_VERIFY_BYTES, verify } from './verify.ts';
export { VerifyError, type VerifyErrorCode } from './verify-error.ts';
