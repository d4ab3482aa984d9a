import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from './audit-log.ts';

export interface UnknownAccountPolicy {
  /** Failed sign-ins for accounts that do not exist, per client address per window, before refusing. */
  maxAttempts: number;
  windowMs: number;
  /** Addresses tracked at once; beyond that they share one summary, so memory stays bounded. */
  maxAddresses: number;
}

export const DEFAULT_UNKNOWN_ACCOUNT_POLICY: UnknownAccountPolicy = {
  maxAttempts: 100,
  windowMs: 15 * 60_000,
  maxAddresses: 10_000,
};

interface Window {
  start: number;
  first: Date;
  last: Date;
  attempts: number;
  refused: number;
}

/** The key addresses share once maxAddresses are tracked. */
const OTHER_ADDRESSES = 'other addresses';

/**
 * Sign-ins for accounts that do not exist (a flood of random user names) are counted per client
 * address in a fixed window and written as one audit entry per address per window, instead of one
 * each; past maxAttempts the address is refused until its window ends. Sign-ins for real accounts
 * are not counted here and keep their own entries. Counts live in this process: a crash loses at
 * most one window's summaries.
 */
export class UnknownAccountSignIns {
  private readonly windows = new Map<string, Window>();
  private readonly ended: [string, Window][] = [];

  constructor(private readonly policy: UnknownAccountPolicy = DEFAULT_UNKNOWN_ACCOUNT_POLICY) {}

  /**
   * 0 when `address` may try; else how long until its window ends. A refused attempt is counted in
   * the address's summary.
   */
  refusedFor(address: string, now: Date): number {
    const w = this.current(address, now);
    if (!w || w.attempts < this.policy.maxAttempts) return 0;
    w.refused++;
    w.last = now;
    return w.start + this.policy.windowMs - now.getTime();
  }

  /** Counts one failed sign-in for an account that does not exist. */
  record(address: string, now: Date): void {
    let key = address;
    let w = this.current(key, now);
    if (!w) {
      if (this.windows.size >= this.policy.maxAddresses) key = OTHER_ADDRESSES;
      w = this.current(key, now) ?? { start: now.getTime(), first: now, last: now, attempts: 0, refused: 0 };
      this.windows.set(key, w);
    }
    w.attempts++;
    w.last = now;
  }

  /** Writes one entry per window that has ended (every window when `all`, at shutdown). */
  async flush(db: Kysely<Database>, now: Date, all = false): Promise<number> {
    for (const [key, w] of this.windows) {
      if (all || now.getTime() - w.start >= this.policy.windowMs) {
        this.windows.delete(key);
        this.ended.push([key, w]);
      }
    }
    const due = this.ended.splice(0);
    for (const [address, w] of due) {
      const refused = w.refused > 0 ? ` (${w.refused} more refused by the rate limit)` : '';
      await appendAudit(db, {
        action: 'auth.login.unknownAccounts',
        object:
          `address:${address}; ${w.attempts} failed sign-ins for unknown accounts${refused} ` +
          `between ${w.first.toISOString()} and ${w.last.toISOString()}`,
        outcome: 'failure',
      });
    }
    return due.length;
  }

  /** The address's open window; an ended one is set aside for the next flush. */
  private current(address: string, now: Date): Window | undefined {
    const w = this.windows.get(address);
    if (w && now.getTime() - w.start >= this.policy.windowMs) {
      this.windows.delete(address);
      this.ended.push([address, w]);
      return undefined;
    }
    return w;
  }
}

/** The app's counter, flushed every minute (or window, if shorter) and at close. */
export function unknownAccountSignIns(
  app: FastifyInstance,
  clock: () => Date,
  policy: Partial<UnknownAccountPolicy> = {},
): UnknownAccountSignIns {
  const full = { ...DEFAULT_UNKNOWN_ACCOUNT_POLICY, ...policy };
  const counter = new UnknownAccountSignIns(full);
  const summaries = app.jobs.every('writing the sign-in flood summary', Math.min(full.windowMs, 60_000), () =>
    counter.flush(app.db, clock()),
  );
  app.addHook('onClose', async () => {
    await summaries.stop();
    await counter.flush(app.db, clock(), true);
  });
  return counter;
}
