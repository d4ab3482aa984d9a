/**
 * Fixed-window attempt counter, keyed by the caller (for sign-ins: client IP and username, so one
 * address cannot spray a single account and a lockout from one address does not reach the others).
 * In memory, per server process: with N processes the effective limit is N times this one.
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

  /** Time until the key's window ends: how long a refused caller waits. */
  retryAfterMs(key: string, nowMs: number): number {
    const w = this.windows.get(key);
    return w ? Math.max(0, w.start + this.windowMs - nowMs) : 0;
  }

  /** Drops the key's count: an attempt that succeeded does not count, nor do the failures before it. */
  forget(key: string): void {
    this.windows.delete(key);
  }

  private evictExpired(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(key);
  }
}
