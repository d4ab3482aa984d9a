export { attribute } from './attribute.ts';
export {
  type SignedAttributesInput,
  type SignedDataForm,
  signedAttributes,
} from './signed-attributes.ts';
export {
  type AssembleSignedDataInput,
  assembleSignedData,
  buildSignedData,
  type SignedDataInput,
} from './signed-data-builder.ts';
export { type ParsedSignedData, type ParsedSignerInfo, parseSignedData } from './signed-data-parser.ts';
export { findSignerCertificate, verifySignerInfoSignature } from './signer-info-verify.ts';
export {
  type EssCertId,
  type EssCertIdV2,
  signingCertificateMatches,
  signingCertificateV2Attribute,
} from './signing-certificate.ts';
