import { describe, expect, it } from 'vitest';
import { accessTokenCache, RENEW_EARLY_MS } from './access-token-cache.ts';

describe('the access token cache', () => {
  it('issues once for concurrent callers, renews early, and re-issues a dropped token', async () => {
    const clock = { ms: 0 };
    const cache = accessTokenCache(() => new Date(clock.ms));
    let n = 0;
    const issue = async () => ({ token: `t${++n}`, expiresInSeconds: 7200 });
    expect(await Promise.all([cache.get('k', issue), cache.get('k', issue)])).toEqual(['t1', 't1']);
    clock.ms = 7_200_000 - RENEW_EARLY_MS - 1;
    expect(await cache.get('k', issue)).toBe('t1');
    clock.ms += 1;
    expect(await cache.get('k', issue)).toBe('t2');
    cache.drop('k', 't1');
    expect(await cache.get('k', issue)).toBe('t2');
    cache.drop('k', 't2');
    expect(await cache.get('k', issue)).toBe('t3');
  });

  it('keeps a short-lived token for half its life, and issues again after a failed issue', async () => {
    const clock = { ms: 0 };
    const cache = accessTokenCache(() => new Date(clock.ms));
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => ({ token: 'a', expiresInSeconds: 60 }))).toBe('a');
    clock.ms = 30_000;
    expect(await cache.get('k', async () => ({ token: 'b', expiresInSeconds: 60 }))).toBe('b');
  });
});
