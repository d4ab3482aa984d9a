import {
  concat,
  type Der,
  explicit,
  integer,
  octetString,
  oid,
  sequence,
  setOf,
  time,
  tlv,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { digestAlgorithmIdentifier } from '../keys/key-algorithm.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { attribute } from './attribute.ts';
import { cmsInvalid } from './cms-error.ts';
import { signingCertificateV2Attribute } from './signing-certificate.ts';

export interface SignedDataInput {
  /** Signer identified by IssuerAndSerialNumber of `certificate` (SignerInfo v1). */
  signer: Signer;
  certificate: Certificate;
  /** Embedded certificates, signer first then its chain. Default: [certificate]. */
  certificates?: readonly Certificate[];
  /**
   * 'rfc5652' (default): ContentInfo id-signedData, and the Signer's own signatureAlgorithm. 'gmt0010'
   * (SM2 signers only): GM/T 0010's ContentInfo signedData 1.2.156.10197.6.1.4.2.2, SignedData version 1,
   * eContentType defaulting to its data 1.2.156.10197.6.1.4.2.1, signatureAlgorithm SM2-1
   * 1.2.156.10197.1.301.1 (GM/T 0010, as gm-oracle and vendors' 国密 signers write it).
   */
  form?: 'rfc5652' | 'gmt0010';
  /** eContentType, default id-data (GM/T 0010's data in that form). */
  contentType?: string;
  /** Encapsulated content (e.g. TSTInfo); absent = detached signature. */
  eContent?: Uint8Array;
  /** Digest of the (detached or encapsulated) content with signer.digestAlgorithm. */
  messageDigest: Uint8Array;
  /** Only when given: PAdES signatures with a timestamp must not carry signing-time. */
  signingTime?: Date;
  /** Complete Attribute SEQUENCEs added to the signed attributes. */
  extraSignedAttributes?: readonly Der[];
  /** Called with the signature value; returns unsigned Attribute SEQUENCEs (e.g. signature-time-stamp). */
  unsignedAttributes?: (signature: Uint8Array) => Promise<readonly Der[]>;
  /** CertificateList DERs to embed. */
  crls?: readonly Uint8Array[];
}

const sm2Sign1AlgorithmIdentifier = sequence(oid(OID.sm2Sign1));

const DIGEST_LENGTH = { sha256: 32, sha384: 48, sha512: 64, sm3: 32 } as const;

const sidCache = new WeakMap<Certificate, Der>();

/** IssuerAndSerialNumber (RFC 5652 10.2.4), built once per certificate. */
function issuerAndSerialNumber(cert: Certificate): Der {
  let der = sidCache.get(cert);
  if (!der) {
    der = sequence(cert.issuerDer, integer(cert.serialNumber));
    sidCache.set(cert, der);
  }
  return der;
}

/** Replaces the outer tag of a freshly built SET OF with an IMPLICIT context tag [n]. */
function retag(set: Der, tag: number): Der {
  set[0] = tag;
  return set;
}

/**
 * Builds a CMS SignedData ContentInfo (RFC 5652 5) with one SignerInfo. Signed attributes are always
 * contentType, messageDigest and signing-certificate-v2 (RFC 5035), DER-sorted as a SET OF (5.4).
 */
export async function buildSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const { signer, certificate, messageDigest } = input;
  if (messageDigest.length !== DIGEST_LENGTH[signer.digestAlgorithm]) {
    throw cmsInvalid(
      `messageDigest is ${messageDigest.length} bytes, ${signer.digestAlgorithm} needs ${DIGEST_LENGTH[signer.digestAlgorithm]}`,
    );
  }
  const gmt0010 = input.form === 'gmt0010';
  if (gmt0010 && signer.keyType !== 'sm2') {
    throw new PkiError('ERR_KEY_UNSUPPORTED', `the GM/T 0010 form signs with SM2, not ${signer.keyType}`);
  }
  const contentType = input.contentType ?? (gmt0010 ? OID.gmData : OID.data);
  const digestAlgorithm = digestAlgorithmIdentifier(signer.digestAlgorithm);

  const attrs: Der[] = [
    attribute(OID.contentType, oid(contentType)),
    attribute(OID.messageDigest, octetString(messageDigest)),
    signingCertificateV2Attribute(certificate, signer.digestAlgorithm === 'sm3' ? 'sm3' : 'sha256'),
  ];
  // RFC 5652 11.3: UTCTime through 2049, GeneralizedTime after.
  if (input.signingTime) attrs.push(attribute(OID.signingTime, time(input.signingTime)));
  if (input.extraSignedAttributes) attrs.push(...input.extraSignedAttributes);
  // RFC 5652 5.4: the signature covers the DER of the attributes tagged as SET OF (0x31).
  const signedAttrs = setOf(...attrs);
  const signature = await signer.sign(signedAttrs);
  const unsigned = input.unsignedAttributes ? await input.unsignedAttributes(signature) : [];

  const signerInfoParts: Der[] = [
    integer(1),
    issuerAndSerialNumber(certificate),
    digestAlgorithm,
    retag(signedAttrs, 0xa0),
    gmt0010 ? sm2Sign1AlgorithmIdentifier : signer.signatureAlgorithm,
    octetString(signature),
  ];
  if (unsigned.length > 0) signerInfoParts.push(retag(setOf(...unsigned), 0xa1));

  const certificates = input.certificates ?? [certificate];
  // RFC 5652 5.1: version 3 when eContentType is not id-data, 1 otherwise (IssuerAndSerialNumber sid);
  // GM/T 0010 writes version 1.
  const parts: Der[] = [
    integer(contentType === OID.data || gmt0010 ? 1 : 3),
    setOf(digestAlgorithm),
    input.eContent
      ? sequence(oid(contentType), explicit(0, octetString(input.eContent)))
      : sequence(oid(contentType)),
  ];
  if (certificates.length > 0) parts.push(tlv(0xa0, concat(certificates.map((c) => c.der))));
  if (input.crls && input.crls.length > 0) parts.push(tlv(0xa1, concat(input.crls)));
  parts.push(setOf(sequence(...signerInfoParts)));
  return sequence(oid(gmt0010 ? OID.gmSignedData : OID.signedData), explicit(0, sequence(...parts)));
}
