// The CMS inside /Contents for SubFilter ETSI.CAdES.detached (ETSI EN 319 142-1 5.1, 6.3): signed
// attributes contentType, messageDigest, signing-certificate-v2 and no signing-time; for B-T an RFC 3161
// token over the signature value as the signature-time-stamp unsigned attribute (RFC 3161 Annex A).
// An SM2 signer makes the same structure with SM3 throughout (digests, ESSCertIDv2, the token's imprint),
// under the standard OIDs or, on request, GM/T 0010's.

import { createHash } from 'node:crypto';
import { attribute, buildSignedData, OID, type Timestamper } from '@openseal/pki';
import type { CmsForm, SealCredentials } from './sign-options.ts';

export function buildPadesCms(
  credentials: SealCredentials,
  documentDigest: Uint8Array,
  timestamper: Timestamper | undefined,
  form: CmsForm = 'standard',
): Promise<Uint8Array> {
  const { signer, certificate, chain } = credentials;
  return buildSignedData({
    form: form === 'gmt0010' ? 'gmt0010' : 'rfc5652',
    signer,
    certificate,
    certificates: [certificate, ...chain],
    messageDigest: documentDigest,
    unsignedAttributes: timestamper
      ? async (signature) => {
          const alg = signer.digestAlgorithm;
          const token = await timestamper.timestamp(createHash(alg).update(signature).digest(), alg);
          return [attribute(OID.signatureTimeStampToken, token)];
        }
      : undefined,
  });
}

/**
 * Default /Contents size: the certificates embedded, the signature and attributes, and for a timestamp
 * room for a token carrying a TSA chain of similar size. Generous, since an overflow means signing again.
 */
export function estimateContentsSize(credentials: SealCredentials, withTimestamp: boolean): number {
  let certs = credentials.certificate.der.length;
  for (const c of credentials.chain) certs += c.der.length;
  const cms = certs + 2048;
  const token = withTimestamp ? Math.max(certs, 4096) + 2048 : 0;
  return Math.ceil((cms + token) / 1024) * 1024;
}
