/**
 * Fixed-window attempt counter for sign-ins, keyed by client IP and username, so one address cannot
 * spray a single account and the lockout cannot be used to lock everyone out from elsewhere at no
 * cost. In memory, per server process: with N processes the effective limit is N times this one.
 */
export class LoginLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; false when the key is over its limit for the current window. */
  take(key: string, nowMs: number): boolean {
    const w = this.windows.get(key);
    if (!w || nowMs - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.evictExpired(nowMs);
      this.windows.set(key, { start: nowMs, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.maxAttempts;
  }

  private evictExpired(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(key);
  }
}
