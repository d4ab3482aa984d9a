export { type CertId, encodeCertId } from './cert-id.ts';
export { checkOcspResponse, type OcspCheckResult } from './check-ocsp-response.ts';
export { fetchOcsp } from './fetch-ocsp.ts';
export { buildOcspRequest } from './ocsp-request.ts';
export { createOcspResponder, type OcspResponder, type OcspResponderOptions } from './ocsp-responder.ts';
export {
  type BasicOcspResponse,
  type OcspResponseStatus,
  type OcspSingleResponse,
  type ParsedOcspResponse,
  parseOcspResponse,
} from './ocsp-response.ts';
