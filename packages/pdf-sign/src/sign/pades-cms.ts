// The CMS inside /Contents for SubFilter ETSI.CAdES.detached (ETSI EN 319 142-1 5.1, 6.3): signed
// attributes contentType, messageDigest, signing-certificate-v2 and no signing-time; for B-T an RFC 3161
// token over the signature value as the signature-time-stamp unsigned attribute (RFC 3161 Annex A).
// An SM2 signer makes the same structure with SM3 throughout (digests, ESSCertIDv2, the token's imprint),
// under the standard OIDs or, on request, GM/T 0010's. The signed attributes and the SignedData are built
// apart, so that a key held elsewhere can sign the attributes in between.

import { createHash } from 'node:crypto';
import {
  assembleSignedData,
  attribute,
  type Certificate,
  type Der,
  type DigestAlgorithm,
  OID,
  signedAttributes,
  type Timestamper,
} from '@openseal/pki';
import type { CmsForm, SealCredentials } from './sign-options.ts';

const signedDataForm = (form: CmsForm | undefined) => (form === 'gmt0010' ? 'gmt0010' : 'rfc5652');

/** What the signer's key signs: the DER SET OF signed attributes over the document digest. */
export function padesSignedAttributes(
  certificate: Certificate,
  digestAlgorithm: DigestAlgorithm,
  documentDigest: Uint8Array,
  form?: CmsForm,
): Der {
  return signedAttributes({
    certificate,
    digestAlgorithm,
    messageDigest: documentDigest,
    form: signedDataForm(form),
  });
}

export interface PadesSignature {
  certificate: Certificate;
  chain: readonly Certificate[];
  digestAlgorithm: DigestAlgorithm;
  /** AlgorithmIdentifier DER of `signature`. */
  signatureAlgorithm: Der;
  /** From padesSignedAttributes, as signed. */
  signedAttributes: Der;
  signature: Uint8Array;
}

/** The SignedData around a signature value, with its signature-time-stamp when a timestamper is given. */
export async function padesSignedData(
  s: PadesSignature,
  timestamper: Timestamper | undefined,
  form?: CmsForm,
): Promise<Uint8Array> {
  const alg = s.digestAlgorithm;
  const unsignedAttributes = timestamper
    ? [
        attribute(
          OID.signatureTimeStampToken,
          await timestamper.timestamp(createHash(alg).update(s.signature).digest(), alg),
        ),
      ]
    : undefined;
  return assembleSignedData({
    form: signedDataForm(form),
    certificate: s.certificate,
    certificates: [s.certificate, ...s.chain],
    digestAlgorithm: alg,
    signatureAlgorithm: s.signatureAlgorithm,
    signedAttributes: s.signedAttributes,
    signature: s.signature,
    unsignedAttributes,
  });
}

/** Signs with an in-process Signer: the signed attributes, their signature, then the SignedData. */
export async function buildPadesCms(
  credentials: SealCredentials,
  documentDigest: Uint8Array,
  timestamper: Timestamper | undefined,
  form: CmsForm = 'standard',
): Promise<Uint8Array> {
  const { signer, certificate, chain } = credentials;
  const signed = padesSignedAttributes(certificate, signer.digestAlgorithm, documentDigest, form);
  return padesSignedData(
    {
      certificate,
      chain,
      digestAlgorithm: signer.digestAlgorithm,
      signatureAlgorithm: signer.signatureAlgorithm,
      signedAttributes: signed,
      signature: await signer.sign(signed),
    },
    timestamper,
    form,
  );
}

/**
 * Default /Contents size: the certificates embedded, the signature and attributes, and for a timestamp
 * room for a token carrying a TSA chain of similar size. Generous, since an overflow means signing again.
 */
export function estimateContentsSize(
  credentials: Pick<SealCredentials, 'certificate' | 'chain'>,
  withTimestamp: boolean,
): number {
  let certs = credentials.certificate.der.length;
  for (const c of credentials.chain) certs += c.der.length;
  const cms = certs + 2048;
  const token = withTimestamp ? Math.max(certs, 4096) + 2048 : 0;
  return Math.ceil((cms + token) / 1024) * 1024;
}
