// Signing a contract as a person through the HTTP API, the way the browser page does: certify the
// key from its request, prepare with consent, sign the returned bytes, complete.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { BrowserSigner } from './browser-signer.ts';
import { as, type Session } from './identity-fixture.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** Signs contract `id` as `s` with `signer`'s key (or `sign`, to forge); answers the completion. */
export async function signContractAs(
  app: FastifyInstance,
  s: Session,
  id: string,
  signer: BrowserSigner,
  sign: BrowserSigner['sign'] = signer.sign,
): Promise<LightMyRequestResponse> {
  const call = (url: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/contracts/${id}${url}`, headers: as(s).headers, payload });
  const cert = await call('/signer-certificate', { csr: b64(signer.csr) });
  expect(cert.statusCode, cert.body).toBe(200);
  const prepared = await call('/signature/prepare', {
    certificate: cert.json().certificate,
    appearance: { kind: 'typed' },
    consent: true,
  });
  expect(prepared.statusCode, prepared.body).toBe(200);
  const value = await sign(Buffer.from(prepared.json().toBeSigned, 'base64'));
  return call('/signature/complete', { signature: b64(value) });
}
