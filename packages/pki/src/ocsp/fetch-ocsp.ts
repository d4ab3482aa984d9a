import { randomBytes } from 'node:crypto';
import { errorMessage } from '@openseal/common';
import { compareBytes } from '../asn1/der.ts';
import { postBinary } from '../http/post-binary.ts';
import type { Certificate } from '../x509/certificate.ts';
import { checkOcspResponse } from './check-ocsp-response.ts';
import { ocspFailed } from './ocsp-error.ts';
import { buildOcspRequest } from './ocsp-request.ts';
import { parseOcspResponse } from './ocsp-response.ts';

/**
 * POSTs an OCSP request for `cert` (RFC 6960 A.1) to `opts.url` or the certificate's first AIA OCSP
 * URL, and returns the response DER once checkOcspResponse accepts it, so callers never embed garbage.
 * A nonce is sent; a responder that echoes it must echo it unchanged (RFC 8954 allows not echoing).
 * Throws ERR_OCSP_FAILED with the reason.
 */
export async function fetchOcsp(
  cert: Certificate,
  issuer: Certificate,
  opts: { url?: string; timeoutMs?: number } = {},
): Promise<Uint8Array> {
  const url = opts.url ?? cert.ocspUrls[0];
  if (!url) throw ocspFailed(`certificate ${cert.serialHex} names no OCSP responder`);
  const nonce = randomBytes(16);
  let der: Uint8Array;
  try {
    der = await postBinary(url, buildOcspRequest(cert, issuer, { nonce }), {
      contentType: 'application/ocsp-request',
      accept: 'application/ocsp-response',
      timeoutMs: opts.timeoutMs ?? 10_000,
    });
  } catch (e) {
    throw ocspFailed(`OCSP responder ${url} did not answer: ${errorMessage(e)}`, e);
  }
  const parsed = parseOcspResponse(der);
  const echoed = parsed.basic?.nonce;
  if (echoed && compareBytes(echoed, nonce) !== 0)
    throw ocspFailed(`OCSP responder ${url} returned another nonce`);
  checkOcspResponse(parsed, cert, issuer);
  return der;
}
