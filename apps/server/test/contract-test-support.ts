// Contract steps as the console makes them, over app.inject: start a contract from a PDF, and sign as
// a person with a browser-style key (certificate from its CSR, prepare, sign the bytes, complete).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractDetail } from '@openseal/contract';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { BrowserSigner } from './browser-signer.ts';
import { as, type Session } from './identity-fixture.ts';
import { uploadFor } from './uploads-support.ts';

export const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

export interface ContractCalls {
  call(s: Session, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** A sequential contract over `pdf`, started by `initiator`. */
  start(initiator: Session, pdf: Uint8Array, parties: object[]): Promise<ContractDetail>;
  /** The person's whole signing step with `signer`'s key; the answer of the completion. */
  signAs(s: Session, id: string, signer: BrowserSigner): Promise<LightMyRequestResponse>;
}

export function contractCalls(app: () => FastifyInstance): ContractCalls {
  const call = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) =>
    app().inject({ method, url, headers: as(s).headers, ...(payload ? { payload } : {}) });
  return {
    call,
    async start(initiator, pdf, parties) {
      const uploadId = await uploadFor(app(), initiator, 'contract.pdf', pdf);
      const res = await call(initiator, 'POST', '/api/contracts', {
        title: '课程服务合同 Course contract',
        file: { uploadId },
        order: 'sequential',
        parties,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as ContractDetail;
    },
    signAs: (s, id, signer) => signContractAs(app(), s, id, signer),
  };
}

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

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
