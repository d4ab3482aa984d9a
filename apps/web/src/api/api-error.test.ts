import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from './api-error.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('apiErrorFrom', () => {
  it("keeps the contract's error body and its code", async () => {
    const body = { code: 'ERR_CSRF', message: 'Missing token', messageZh: '缺少令牌', requestId: 'r1' };
    const error = await apiErrorFrom(json(403, body));
    expect(error.status).toBe(403);
    expect(error.body).toEqual(body);
    expect(error.code).toBe('ERR_CSRF');
  });

  it('has no code for a code the contract does not know, and no body for one that is not an error body', async () => {
    const unknown = await apiErrorFrom(
      json(500, { code: 'ERR_FROM_A_PROXY', message: 'x', messageZh: 'x', requestId: 'r' }),
    );
    expect(unknown.body?.code).toBe('ERR_FROM_A_PROXY');
    expect(unknown.code).toBeNull();

    const notABody = await apiErrorFrom(json(502, { error: 'Bad Gateway' }));
    expect(notABody.body).toBeNull();
    expect(notABody.code).toBeNull();
    expect(notABody.message).toBe('HTTP 502');
  });
});
