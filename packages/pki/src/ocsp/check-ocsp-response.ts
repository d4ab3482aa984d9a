import { createHash } from 'node:crypto';
import { errorMessage } from '@openseal/common';
import { compareBytes } from '../asn1/der.ts';
import { OID } from '../asn1/oids.ts';
import type { RevocationStatus } from '../ca/pki.ts';
import { verifySignature } from '../keys/signature-algorithm.ts';
import type { Certificate } from '../x509/certificate.ts';
import { certIdNamesIssuer } from './cert-id.ts';
import { ocspFailed } from './ocsp-error.ts';
import type { BasicOcspResponse, ParsedOcspResponse } from './ocsp-response.ts';

export interface OcspCheckResult {
  status: RevocationStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
  producedAt: Date;
  /** Who signed the response: `issuer` itself or its delegated responder (to embed for LTV). */
  responderCertificate: Certificate;
}

function namesResponder(basic: BasicOcspResponse, candidate: Certificate): boolean {
  const id = basic.responderId;
  if ('nameDer' in id) return compareBytes(id.nameDer, candidate.subjectDer) === 0;
  const keyHash = createHash('sha1').update(candidate.publicKeyBitString).digest();
  return compareBytes(id.keyHash, keyHash) === 0;
}

/**
 * The status of `cert` from an OCSP response, once it is shown to come from `issuer` or a responder
 * `issuer` delegated (RFC 6960 4.2.2.2: issued by it, with id-kp-OCSPSigning, valid when the response
 * was produced). Freshness against a clock is the caller's decision. Throws ERR_OCSP_FAILED with the reason.
 */
export function checkOcspResponse(
  resp: ParsedOcspResponse,
  cert: Certificate,
  issuer: Certificate,
): OcspCheckResult {
  if (resp.responseStatus !== 'successful' || !resp.basic) {
    throw ocspFailed(`the OCSP responder answered ${resp.responseStatus}`);
  }
  const basic = resp.basic;
  if (!cert.isIssuedBy(issuer))
    throw ocspFailed(`certificate ${cert.serialHex} is not issued by the given issuer`);
  const single = basic.responses.find(
    (r) => r.certId.serialNumber === cert.serialNumber && certIdNamesIssuer(r.certId, issuer),
  );
  if (!single) throw ocspFailed(`the OCSP response has no status for certificate ${cert.serialHex}`);

  let responder: Certificate;
  if (namesResponder(basic, issuer)) responder = issuer;
  else {
    const delegate = basic.certificates.find((c) => namesResponder(basic, c));
    if (!delegate) throw ocspFailed('the OCSP responder certificate is not in the response');
    if (!delegate.isIssuedBy(issuer))
      throw ocspFailed('the OCSP responder is not authorised by the certificate issuer');
    if (!delegate.extKeyUsage?.includes(OID.ekuOcspSigning)) {
      throw ocspFailed('the OCSP responder certificate lacks id-kp-OCSPSigning');
    }
    if (!delegate.isValidAt(basic.producedAt)) {
      throw ocspFailed('the OCSP responder certificate was not valid when the response was produced');
    }
    responder = delegate;
  }
  let valid: boolean;
  try {
    valid = verifySignature(basic.signatureAlgorithmOid, responder.publicKey, basic.tbsDer, basic.signature);
  } catch (e) {
    throw ocspFailed(`the OCSP response signature cannot be checked: ${errorMessage(e)}`, e);
  }
  if (!valid) throw ocspFailed('the OCSP response signature does not verify');
  const out: OcspCheckResult = {
    status: single.status,
    thisUpdate: single.thisUpdate,
    producedAt: basic.producedAt,
    responderCertificate: responder,
  };
  if (single.nextUpdate) out.nextUpdate = single.nextUpdate;
  return out;
}
