/** A vendor access token and how long the vendor said it lives (WeCom and DingTalk: 7200 s). */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * The apps' access tokens, kept until shortly before they expire (both vendors ask callers to cache
 * them: gettoken is rate-limited). One fetch at a time per key: concurrent senders share it.
 */
export interface AccessTokenCache {
  get(key: string, issue: () => Promise<IssuedToken>): Promise<string>;
  /** Drops a token the vendor refused (expired or revoked early), so the next get issues a new one. */
  drop(key: string, token: string): void;
}

/** Renewed this long before the vendor's expiry, or at half the lifetime when that is shorter. */
export const RENEW_EARLY_MS = 5 * 60_000;

export function accessTokenCache(clock: () => Date): AccessTokenCache {
  const held = new Map<string, { token: string; renewAt: number }>();
  const inFlight = new Map<string, Promise<string>>();
  return {
    async get(key, issue) {
      const now = clock().getTime();
      const cached = held.get(key);
      if (cached && now < cached.renewAt) return cached.token;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const fetching = issue()
        .then(({ token, expiresInSeconds }) => {
          const lifetime = expiresInSeconds * 1000;
          held.set(key, { token, renewAt: now + lifetime - Math.min(RENEW_EARLY_MS, lifetime / 2) });
          return token;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, fetching);
      return fetching;
    },
    drop(key, token) {
      if (held.get(key)?.token === token) held.delete(key);
    },
  };
}
