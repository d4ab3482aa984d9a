export { httpTimestamper } from './http-timestamper.ts';
export {
  createTimestampAuthority,
  DEMO_TSA_POLICY_OID,
  type Timestamper,
  type TsaOptions,
} from './timestamp-authority.ts';
export { buildTimestampRequest } from './timestamp-request.ts';
export {
  type ParsedTimestampResponse,
  parseTimestampResponse,
  type TimestampFailure,
} from './timestamp-response.ts';
export { type ParsedTimestampToken, parseTimestampToken } from './timestamp-token.ts';
export { verifyTimestampToken } from './verify-timestamp-token.ts';
