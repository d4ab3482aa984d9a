import { describe, expect, it } from 'vitest';
import { createApiClient } from '../api/api-client.ts';
import { fromBase64, toBase64 } from './base64.ts';
import { browserSignerKey, type SigningStep, signContract } from './sign-contract.ts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake server for one contract: it records what the browser sent, and answers as the routes do. */
function fakeServer(toBeSigned: Uint8Array) {
  const sent: { path: string; body: Record<string, unknown> }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    sent.push({ path: url, body });
    if (url.endsWith('/signer-certificate'))
      return json({ certificate: 'Y2VydA==', subject: 'CN=示范学生', notAfter: '2026-12-08T00:00:00Z' });
    if (url.endsWith('/signature/prepare'))
      return json({ toBeSigned: toBase64(toBeSigned), hash: 'SHA-256' });
    if (url.endsWith('/signature/complete')) return json({ id: 'c1', status: 'completed' });
    return json({ code: 'ERR_NOT_FOUND', message: 'no', messageZh: '无' }, 404);
  }) as typeof fetch;
  return { api: createApiClient(fetchFn), sent };
}

describe('signContract', () => {
  it('certifies the key, has the server prepare, signs its bytes here and sends back only the value', async () => {
    // 'verify' only so that this test can check the value; the console's key signs and nothing else.
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const toBeSigned = crypto.getRandomValues(new Uint8Array(120));
    const { api, sent } = fakeServer(toBeSigned);
    const steps: SigningStep[] = [];

    const done = await signContract(
      api,
      'c1',
      browserSignerKey(keys),
      { kind: 'drawn', png: 'iVBORw0=' },
      (s) => steps.push(s),
    );

    expect(done).toMatchObject({ id: 'c1', status: 'completed' });
    expect(steps).toEqual(['certificate', 'prepare', 'sign', 'complete']);
    expect(sent.map((s) => s.path)).toEqual([
      '/api/contracts/c1/signer-certificate',
      '/api/contracts/c1/signature/prepare',
      '/api/contracts/c1/signature/complete',
    ]);
    // The request carries the public key, which the private key's signature must answer to.
    const csr = fromBase64(String(sent[0]?.body['csr']));
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(Buffer.from(csr).toString('hex')).toContain(Buffer.from(spki).toString('hex'));
    expect(sent[1]?.body).toEqual({
      certificate: 'Y2VydA==',
      appearance: { kind: 'drawn', png: 'iVBORw0=' },
      consent: true,
    });
    // r‖s over exactly the bytes the server asked for, and nothing else leaves the browser.
    expect(Object.keys(sent[2]?.body ?? {})).toEqual(['signature']);
    const value = fromBase64(String(sent[2]?.body['signature']));
    expect(value.length).toBe(64);
    const ok = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      keys.publicKey,
      value,
      toBeSigned,
    );
    expect(ok).toBe(true);
  });

  it('stops at the first refusal, with the API error for the page to show', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
    ])) as CryptoKeyPair;
    const fetchFn = (async () =>
      json(
        { code: 'ERR_CONTRACT_NOT_YOUR_TURN', message: 'It is not your turn', messageZh: '尚未轮到您签署' },
        409,
      )) as unknown as typeof fetch;
    await expect(
      signContract(createApiClient(fetchFn), 'c1', browserSignerKey(keys), { kind: 'typed' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'ERR_CONTRACT_NOT_YOUR_TURN',
    });
  });
});
