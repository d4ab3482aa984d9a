import { randomBytes } from 'node:crypto';
import { compareBytes } from '../asn1/der.ts';
import { PkiError } from '../errors.ts';
import { postBinary } from '../http/post-binary.ts';
import { type DigestAlgorithm, digestOid } from '../keys/key-algorithm.ts';
import type { Timestamper } from './timestamp-authority.ts';
import { buildTimestampRequest } from './timestamp-request.ts';
import { parseTimestampResponse } from './timestamp-response.ts';
import { parseTimestampToken } from './timestamp-token.ts';
import { tsaFailed } from './tsa-error.ts';
import { verifyTimestampToken } from './verify-timestamp-token.ts';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A 63-bit random nonce (RFC 3161 2.4.1): positive, so it survives INTEGER encoding unchanged. */
function randomNonce(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

/**
 * An RFC 3161 client over HTTP (RFC 3161 3.4): POSTs application/timestamp-query with certReq and a
 * random nonce, and accepts only a granted token that echoes the nonce and the imprint and whose own
 * signature verifies. Throws ERR_TSA_FAILED with the reason.
 */
export function httpTimestamper(
  url: string,
  opts: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Timestamper {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    async timestamp(digest: Uint8Array, digestAlgorithm: DigestAlgorithm): Promise<Uint8Array> {
      const nonce = randomNonce();
      const request = buildTimestampRequest(digest, digestAlgorithm, { nonce, certReq: true });
      let body: Uint8Array;
      try {
        body = await postBinary(url, request, {
          contentType: 'application/timestamp-query',
          accept: 'application/timestamp-reply',
          timeoutMs,
          headers: opts.headers,
        });
      } catch (e) {
        throw tsaFailed(`TSA ${url} did not answer: ${message(e)}`, e);
      }
      let response: ReturnType<typeof parseTimestampResponse>;
      try {
        response = parseTimestampResponse(body);
      } catch (e) {
        throw tsaFailed(`TSA ${url} sent a malformed TimeStampResp: ${message(e)}`, e);
      }
      if (!response.granted || !response.token) {
        const why = [...response.failures, ...response.statusText].join('; ') || 'no reason given';
        throw tsaFailed(`TSA ${url} refused the request (status ${response.status}): ${why}`);
      }
      let token: ReturnType<typeof parseTimestampToken>;
      try {
        token = parseTimestampToken(response.token);
      } catch (e) {
        throw tsaFailed(`TSA ${url} sent a malformed token: ${message(e)}`, e);
      }
      if (token.nonce !== nonce) throw tsaFailed(`TSA ${url} did not echo the request nonce`);
      const imprint = token.messageImprint;
      if (
        imprint.digestAlgorithmOid !== digestOid(digestAlgorithm) ||
        compareBytes(imprint.digest, digest) !== 0
      ) {
        throw tsaFailed(`TSA ${url} time-stamped another message imprint`);
      }
      try {
        verifyTimestampToken(token);
      } catch (e) {
        if (e instanceof PkiError) throw tsaFailed(`TSA ${url}: ${e.message}`, e);
        throw e;
      }
      return response.token;
    },
  };
}
