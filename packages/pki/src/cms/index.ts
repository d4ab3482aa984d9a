export { attribute } from './attribute.ts';
export { buildSignedData, type SignedDataInput } from './signed-data-builder.ts';
export { type ParsedSignedData, type ParsedSignerInfo, parseSignedData } from './signed-data-parser.ts';
export { findSignerCertificate, verifySignerInfoSignature } from './signer-info-verify.ts';
export {
  type EssCertId,
  type EssCertIdV2,
  signingCertificateMatches,
  signingCertificateV2Attribute,
} from './signing-certificate.ts';
