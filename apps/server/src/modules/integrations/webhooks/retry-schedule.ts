/** When a failed delivery is tried again, and how often in all. */
export interface RetrySchedule {
  /** Tries in all, the first included; after the last failure the delivery is failed. */
  maxAttempts: number;
  /** The wait after failed try number `attempt` (1-based). */
  delayMs(attempt: number): number;
}

/** 30 s, 2 min, 10 min, 1 h, 6 h (each ±20 % so receivers coming back up are not hit at once). */
const BASE_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];

export function exponentialBackoff(random: () => number = Math.random): RetrySchedule {
  return {
    maxAttempts: BASE_DELAYS_MS.length + 1,
    delayMs(attempt) {
      const base = BASE_DELAYS_MS[Math.min(attempt, BASE_DELAYS_MS.length) - 1] as number;
      return Math.round(base * (0.8 + 0.4 * random()));
    },
  };
}
