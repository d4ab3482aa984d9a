import { describe, expect, it } from 'vitest';
import { RefusalLog, type RefusalSummary } from './refusal-log.ts';

const guess = { method: 'GET', route: '/api/public/credentials/:publicId', statusCode: 404 };

describe('refusal log', () => {
  it('lets the first refusal of a kind through per window, then summarises the count once', () => {
    const log = new RefusalLog(60_000);
    const summaries: RefusalSummary[] = [];
    const emit = (s: RefusalSummary) => summaries.push(s);
    const t0 = Date.parse('2026-12-06T08:00:00Z');
    const from = (remoteAddress: string, statusCode = 404) => ({ ...guess, statusCode, remoteAddress });

    expect(log.record(from('198.51.100.7'), t0, emit)).toBe(true);
    for (let i = 1; i <= 40; i++) expect(log.record(from('198.51.100.7'), t0 + i * 1000, emit)).toBe(false);
    // Another caller, or another status from the same caller, is another kind.
    expect(log.record(from('198.51.100.8'), t0 + 1000, emit)).toBe(true);
    expect(log.record(from('198.51.100.7', 429), t0 + 1000, emit)).toBe(true);
    expect(summaries).toEqual([]);

    // The next window: the count of the last one comes out, and the first refusal is logged again.
    expect(log.record(from('198.51.100.7'), t0 + 60_000, emit)).toBe(true);
    expect(summaries).toEqual([
      { ...from('198.51.100.7'), repeated: 40, windowStart: '2026-12-06T08:00:00.000Z' },
    ]);
    log.record(from('198.51.100.7'), t0 + 61_000, emit);
    log.flush(Number.POSITIVE_INFINITY, emit);
    expect(summaries.at(-1)).toMatchObject({ repeated: 1, windowStart: '2026-12-06T08:01:00.000Z' });
    expect(summaries).toHaveLength(2);
  });
});
