// The signed attributes of a SignerInfo (RFC 5652 5.3): what the signer's key signs. Built apart from
// the SignedData so that a key held elsewhere (a browser, a token) can sign them between two requests.

import { type Der, octetString, oid, setOf, time } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import type { DigestAlgorithm } from '../keys/key-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { attribute } from './attribute.ts';
import { cmsInvalid } from './cms-error.ts';
import { signingCertificateV2Attribute } from './signing-certificate.ts';

/**
 * 'rfc5652' (default): ContentInfo id-signedData, eContentType id-data. 'gmt0010' (SM2 only): GM/T 0010's
 * signedData 1.2.156.10197.6.1.4.2.2 and data 1.2.156.10197.6.1.4.2.1 (see SignedDataInput).
 */
export type SignedDataForm = 'rfc5652' | 'gmt0010';

export interface SignedAttributesInput {
  /** The signer's certificate, bound by signing-certificate-v2 (RFC 5035). */
  certificate: Certificate;
  /** The digest of `messageDigest`, and of the signature that will cover these attributes. */
  digestAlgorithm: DigestAlgorithm;
  /** Digest of the (detached or encapsulated) content with digestAlgorithm. */
  messageDigest: Uint8Array;
  /** eContentType, default id-data (GM/T 0010's data in that form). */
  contentType?: string;
  /** Only when given: PAdES signatures with a timestamp must not carry signing-time. */
  signingTime?: Date;
  /** Complete Attribute SEQUENCEs added to the signed attributes. */
  extraSignedAttributes?: readonly Der[];
  form?: SignedDataForm;
}

const DIGEST_LENGTH = { sha256: 32, sha384: 48, sha512: 64, sm3: 32 } as const;

/** The eContentType a SignedData of `form` declares, and its contentType attribute repeats. */
export const eContentTypeOf = (form: SignedDataForm | undefined, contentType: string | undefined): string =>
  contentType ?? (form === 'gmt0010' ? OID.gmData : OID.data);

/**
 * contentType, messageDigest and signing-certificate-v2, then signing-time and any extra attributes, as
 * the DER SET OF (tag 0x31) that the signature covers (RFC 5652 5.4); DER sorts its elements.
 */
export function signedAttributes(input: SignedAttributesInput): Der {
  const { certificate, digestAlgorithm, messageDigest } = input;
  if (messageDigest.length !== DIGEST_LENGTH[digestAlgorithm]) {
    throw cmsInvalid(
      `messageDigest is ${messageDigest.length} bytes, ${digestAlgorithm} needs ${DIGEST_LENGTH[digestAlgorithm]}`,
    );
  }
  const attrs: Der[] = [
    attribute(OID.contentType, oid(eContentTypeOf(input.form, input.contentType))),
    attribute(OID.messageDigest, octetString(messageDigest)),
    signingCertificateV2Attribute(certificate, digestAlgorithm === 'sm3' ? 'sm3' : 'sha256'),
  ];
  // RFC 5652 11.3: UTCTime through 2049, GeneralizedTime after.
  if (input.signingTime) attrs.push(attribute(OID.signingTime, time(input.signingTime)));
  if (input.extraSignedAttributes) attrs.push(...input.extraSignedAttributes);
  return setOf(...attrs);
}
