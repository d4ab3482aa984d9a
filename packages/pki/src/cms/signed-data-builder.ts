import {
  concat,
  type Der,
  explicit,
  integer,
  octetString,
  oid,
  sequence,
  setOf,
  Tag,
  tlv,
} from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import { PkiError } from '../errors.ts';
import { type DigestAlgorithm, digestAlgorithmIdentifier } from '../keys/key-algorithm.ts';
import type { Signer } from '../keys/signer.ts';
import type { Certificate } from '../x509/certificate.ts';
import { cmsInvalid } from './cms-error.ts';
import { eContentTypeOf, type SignedDataForm, signedAttributes } from './signed-attributes.ts';

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
  form?: SignedDataForm;
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

/** A SignedData around a signature obtained elsewhere over `signedAttributes`. */
export interface AssembleSignedDataInput {
  /** Signer identified by IssuerAndSerialNumber of `certificate` (SignerInfo v1). */
  certificate: Certificate;
  /** Embedded certificates, signer first then its chain. Default: [certificate]. */
  certificates?: readonly Certificate[];
  form?: SignedDataForm;
  /** eContentType: the same as given to signedAttributes. */
  contentType?: string;
  /** Encapsulated content (e.g. TSTInfo); absent = detached signature. */
  eContent?: Uint8Array;
  /** The digest the signed attributes were built with. */
  digestAlgorithm: DigestAlgorithm;
  /** AlgorithmIdentifier DER of `signature` (a Signer's signatureAlgorithm); 'gmt0010' writes SM2-1. */
  signatureAlgorithm: Der;
  /** The SET OF returned by signedAttributes, byte for byte as signed. */
  signedAttributes: Der;
  /** RSA PKCS#1 v1.5, or ECDSA / SM2 as a DER Ecdsa-Sig-Value (RFC 3279 2.2.3). */
  signature: Uint8Array;
  /** Unsigned Attribute SEQUENCEs (e.g. signature-time-stamp over `signature`). */
  unsignedAttributes?: readonly Der[];
  /** CertificateList DERs to embed. */
  crls?: readonly Uint8Array[];
}

const sm2Sign1AlgorithmIdentifier = sequence(oid(OID.sm2Sign1));

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

/** A SET OF's encoding under an IMPLICIT context tag [n] instead of 0x31, leaving `set` as it is. */
function retagged(set: Der, tag: number): Der {
  const out = Uint8Array.from(set);
  out[0] = tag;
  return out;
}

/**
 * Builds a CMS SignedData ContentInfo (RFC 5652 5) with one SignerInfo: the signed attributes of
 * signedAttributes(), signed by `signer`, put together by assembleSignedData().
 */
export async function buildSignedData(input: SignedDataInput): Promise<Uint8Array> {
  const { signer } = input;
  const attrs = signedAttributes({ ...input, digestAlgorithm: signer.digestAlgorithm });
  if (input.form === 'gmt0010' && signer.keyType !== 'sm2') {
    throw new PkiError('ERR_KEY_UNSUPPORTED', `the GM/T 0010 form signs with SM2, not ${signer.keyType}`);
  }
  const signature = await signer.sign(attrs);
  return assembleSignedData({
    ...input,
    digestAlgorithm: signer.digestAlgorithm,
    signatureAlgorithm: signer.signatureAlgorithm,
    signedAttributes: attrs,
    signature,
    unsignedAttributes: input.unsignedAttributes ? await input.unsignedAttributes(signature) : undefined,
  });
}

/** The SignedData ContentInfo (RFC 5652 5) with one SignerInfo over signed attributes signed elsewhere. */
export function assembleSignedData(input: AssembleSignedDataInput): Uint8Array {
  const { certificate, signature } = input;
  const gmt0010 = input.form === 'gmt0010';
  if (gmt0010 && input.digestAlgorithm !== 'sm3') {
    throw new PkiError(
      'ERR_KEY_UNSUPPORTED',
      `the GM/T 0010 form signs with SM2 and SM3, not ${input.digestAlgorithm}`,
    );
  }
  if (input.signedAttributes[0] !== Tag.SET) throw cmsInvalid('signed attributes must be a DER SET OF');
  const contentType = eContentTypeOf(input.form, input.contentType);
  const digestAlgorithm = digestAlgorithmIdentifier(input.digestAlgorithm);
  const unsigned = input.unsignedAttributes ?? [];

  // RFC 5652 5.4: signed with the SET OF tag, stored under [0] IMPLICIT.
  const signerInfoParts: Der[] = [
    integer(1),
    issuerAndSerialNumber(certificate),
    digestAlgorithm,
    retagged(input.signedAttributes, 0xa0),
    gmt0010 ? sm2Sign1AlgorithmIdentifier : input.signatureAlgorithm,
    octetString(signature),
  ];
  if (unsigned.length > 0) {
    const set = setOf(...unsigned);
    set[0] = 0xa1;
    signerInfoParts.push(set);
  }

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
