import { routes } from '@openseal/contract';
import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  body: BodyInit | null | undefined;
}

/** A fetch that records what the client sent and answers `response`. */
function recording(response: () => Response): { fetchFn: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      credentials: init.credentials,
      body: init.body,
    });
    return response();
  }) as typeof fetch;
  return { fetchFn, sent };
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

describe('createApiClient().call', () => {
  it('sends the route method to the built address, JSON body and CSRF token included', async () => {
    const { fetchFn, sent } = recording(() => json({ id: 'u2' }, 201));
    const api = createApiClient(fetchFn);
    api.setCsrfToken('t1');
    const body = {
      parentId: 'root',
      nameZh: '教务处',
      nameEn: 'Academic Affairs',
      kind: 'office' as const,
    };
    expect(await api.call(routes.createOrgUnit, { body })).toEqual({ id: 'u2' });
    expect(sent).toEqual([
      {
        url: '/api/org/units',
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': 't1' },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      },
    ]);
  });

  it('reads a download route as bytes with its headers, and a 204 as undefined', async () => {
    const { fetchFn, sent } = recording(
      () => new Response(new Uint8Array([37, 80, 68, 70]), { headers: { 'x-ledger-id': 'L1' } }),
    );
    const api = createApiClient(fetchFn);
    const answer = await api.call(routes.sealImage, { params: { id: 's1' } });
    expect([...answer.bytes]).toEqual([37, 80, 68, 70]);
    expect(answer.headers.get('x-ledger-id')).toBe('L1');
    expect(sent[0]).toMatchObject({ url: '/api/seals/s1/image', method: 'GET', headers: { accept: '*/*' } });

    const none = createApiClient(recording(() => new Response(null, { status: 204 })).fetchFn);
    expect(
      await none.call(routes.withdrawSealGrant, { params: { id: 's1', grantId: 'g1' } }),
    ).toBeUndefined();
  });

  it('sends an upload as the file itself with its query, and an optional upload left out as no body', async () => {
    const { fetchFn, sent } = recording(() => new Response(new Uint8Array([37, 80, 68, 70])));
    const api = createApiClient(fetchFn);
    const pdf = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    await api.call(routes.useSeal, {
      params: { id: 's1' },
      query: { placement: 'keyword', keyword: '盖章处', documentType: 'contract', purpose: '合同' },
      body: pdf,
    });
    expect(sent[0]).toMatchObject({
      url: `/api/seals/s1/use?placement=keyword&keyword=${encodeURIComponent('盖章处')}&documentType=contract&purpose=${encodeURIComponent('合同')}`,
      method: 'POST',
      headers: { accept: '*/*', 'content-type': 'application/pdf' },
      body: pdf,
    });

    await api.call(routes.stampRequest, { params: { id: 'r1' } });
    expect(sent[1]).toEqual({
      url: '/api/requests/r1/stamp',
      method: 'POST',
      headers: { accept: '*/*' },
      credentials: 'same-origin',
      body: undefined,
    });
  });

  it('turns a refusal into an ApiError and tells the listeners of a CSRF refusal', async () => {
    const refusal = { code: 'ERR_CSRF', message: 'CSRF token missing', messageZh: '缺少 CSRF 令牌' };
    const api = createApiClient(recording(() => json(refusal, 403)).fetchFn);
    let told = 0;
    api.onCsrfRejected(() => told++);
    const error = await api.call(routes.listOrgUnits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body?.code).toBe('ERR_CSRF');
    expect(told).toBe(1);
  });

  it('sends no cookie and no CSRF token from a client made for the public pages', async () => {
    const { fetchFn, sent } = recording(() => json({ timeZone: 'Asia/Shanghai' }));
    const api = createApiClient(fetchFn, { credentials: 'omit' });
    expect(await api.call(routes.schoolTimeZone)).toEqual({ timeZone: 'Asia/Shanghai' });
    expect(sent[0]).toMatchObject({ url: '/api/public/time-zone', credentials: 'omit' });
  });
});
