const MAX_KINDS = 10_000;

/** One kind of refusal: the route (its pattern, not the address asked for), the status, the caller. */
export interface Refusal {
  method: string;
  route: string;
  statusCode: number;
  remoteAddress: string;
}

export interface RefusalSummary extends Refusal {
  /** Refusals of this kind in the window after the first one, which was logged on its own. */
  repeated: number;
  windowStart: string;
}

/**
 * Decides which refusals reach the log: the first of a kind in each window, then one summary with the
 * count, so a scanner guessing codes or a client hammering a limit writes two lines a window, not one
 * per request. Pure bookkeeping over a clock; the caller writes the lines.
 */
export class RefusalLog {
  private readonly windows = new Map<string, { refusal: Refusal; start: number; repeated: number }>();
  private lastFlush = 0;

  constructor(private readonly windowMs: number) {}

  /** Records one refusal: true when it is the first of its kind in its window (log it). */
  record(refusal: Refusal, nowMs: number, emit: (summary: RefusalSummary) => void): boolean {
    if (nowMs - this.lastFlush >= this.windowMs / 10) this.flush(nowMs, emit);
    // Beyond this many callers at once (a distributed scan), they share one line per route and status.
    if (this.windows.size >= MAX_KINDS) refusal = { ...refusal, remoteAddress: '*' };
    const key = `${refusal.method} ${refusal.route}\u0000${refusal.statusCode}\u0000${refusal.remoteAddress}`;
    const w = this.windows.get(key);
    if (w) {
      w.repeated += 1;
      return false;
    }
    this.windows.set(key, { refusal, start: nowMs, repeated: 0 });
    return true;
  }

  /** Summarises and forgets every window that has ended (all of them when `nowMs` is Infinity). */
  flush(nowMs: number, emit: (summary: RefusalSummary) => void): void {
    this.lastFlush = nowMs;
    for (const [key, w] of this.windows) {
      if (nowMs - w.start < this.windowMs) continue;
      this.windows.delete(key);
      if (w.repeated > 0) {
        emit({ ...w.refusal, repeated: w.repeated, windowStart: new Date(w.start).toISOString() });
      }
    }
  }
}
