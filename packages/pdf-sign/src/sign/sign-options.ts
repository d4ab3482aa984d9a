// What a caller may ask of sign(): PAdES level, credentials, seal and placement, DocMDP certification.

import type { Certificate, Signer, Timestamper } from '@openseal/pki';
import type { SealSpec } from '../appearance/seal-spec.ts';

export { SignError, type SignErrorCode } from './sign-error.ts';

/** ETSI EN 319 142-1 baseline levels. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/**
 * The OIDs of an SM2 signature's CMS. 'standard' (the default): ContentInfo id-signedData, eContentType
 * id-data, digest SM3 1.2.156.10197.1.401, signature SM3withSM2 1.2.156.10197.1.501, SubFilter
 * ETSI.CAdES.detached. It is the default because it is CAdES: PAdES baseline levels (signing-certificate-v2,
 * the signature timestamp, DSS, document timestamps) keep their meaning, BouncyCastle's CMS verifier and
 * other CAdES readers check it, and one verifier path serves RSA, ECDSA and SM2. 'gmt0010': GM/T 0010's
 * ContentInfo signedData 1.2.156.10197.6.1.4.2.2, eContentType data 1.2.156.10197.6.1.4.2.1 and
 * signatureAlgorithm SM2-1 1.2.156.10197.1.301.1, for relying parties whose 国密 checkers demand those
 * OIDs; it is not CAdES, so a verifier reports no PAdES level for it. SM2 signers only.
 */
export type CmsForm = 'standard' | 'gmt0010';

export interface SealCredentials {
  signer: Signer;
  certificate: Certificate;
  /** Issuing CA … root; embedded in the CMS and in the DSS. */
  chain: readonly Certificate[];
}

/**
 * Revocation data for the DSS (B-LT): DER OCSPResponse / CertificateList, or undefined when none.
 * `producedAfter` is the latest time the covered signatures' timestamps prove: ETSI EN 319 102-1
 * 5.2.5.4 counts only data issued after it, so a cache must not answer with older data
 * (revocation-freshness.ts). It is absent for signatures without a timestamp.
 */
export interface RevocationSource {
  ocsp(cert: Certificate, issuer: Certificate, producedAfter?: Date): Promise<Uint8Array | undefined>;
  crl(cert: Certificate, issuer: Certificate, producedAfter?: Date): Promise<Uint8Array | undefined>;
}

export type Placement =
  | { kind: 'invisible' }
  /** `page` is 1-based; x, y are the seal centre in PDF points from the bottom-left of the page. */
  | { kind: 'page'; page: number; x: number; y: number }
  | { kind: 'keyword'; keyword: string; occurrence?: 'first' | 'last' }
  /** 骑缝章: one seal cut into slices along the right edge of every page. */
  | { kind: 'cross-page'; y?: number };

export interface ReservedField {
  name: string;
  seal?: SealSpec;
  placement?: Placement;
}

/** A further widget of a signature: `seal` drawn centred on (x, y) of a 1-based page, y up from the bottom. */
export interface SignatureMark {
  seal: SealSpec;
  page: number;
  x: number;
  y: number;
}

export interface SignOptions {
  /** Default 'B-T'. */
  level?: PadesLevel;
  /** Required for B-T and above. */
  timestamper?: Timestamper;
  /** Required for B-LT and above. */
  revocation?: RevocationSource;
  /** No seal, or an invisible placement, gives an invisible signature (/Rect [0 0 0 0]). */
  seal?: SealSpec;
  placement?: Placement;
  /**
   * Further marks of the same signature elsewhere on the pages, such as the signing date in a
   * 签署日期 box: each a widget of the signature field with its own appearance, so the signature
   * covers it and no later revision is needed. Only beside a visible `seal`.
   */
  marks?: readonly SignatureMark[];
  /** Certification signature with DocMDP permissions P (ISO 32000-2 12.8.2.2); first signature only. */
  certify?: 1 | 2 | 3;
  reason?: string;
  location?: string;
  contactInfo?: string;
  name?: string;
  /**
   * Default "Seal1", "Seal2", … whichever is free. Naming an existing empty signature field signs into
   * it (DocMDP P=2 allows that after certification, not a new field): `seal` and `placement` must put
   * the seal on the field's widgets exactly; `placement` defaults to the centre of its only widget.
   */
  fieldName?: string;
  /**
   * Empty signature fields created in this signature's revision for the signatures that will follow,
   * so that a certified document can take them (ISO 32000-2 12.8.2.2.2). Each widget sits where
   * `placement` puts `seal`, as if it were signed now; without a seal, an invisible field on page 1.
   */
  reserveFields?: readonly ReservedField[];
  /** Source of /M (the claimed signing time) and nothing else. */
  clock?: () => Date;
  /** Placeholder size in bytes for the CMS; default estimated from the chain and the level. */
  contentsSize?: number;
  /** Default 'standard'; see CmsForm. */
  cmsForm?: CmsForm;
}

/** prepareSignature's options: all of SignOptions but the sources, which completeSignature is given. */
export type PrepareSignatureOptions = Omit<SignOptions, 'timestamper' | 'revocation'>;
