import { describe, expect, it } from 'vitest';
import { anyRunning, jobPercent, jobProgressStatus } from './job-progress.ts';

describe('jobPercent', () => {
  it('counts issued and failed items against the total, rounded down', () => {
    expect(jobPercent({ done: 0, failed: 0, total: 3 })).toBe(0);
    expect(jobPercent({ done: 1, failed: 1, total: 3 })).toBe(66);
    expect(jobPercent({ done: 199, failed: 0, total: 200 })).toBe(99);
    expect(jobPercent({ done: 2, failed: 1, total: 3 })).toBe(100);
  });

  it('treats an empty job as finished', () => {
    expect(jobPercent({ done: 0, failed: 0, total: 0 })).toBe(100);
  });
});

describe('jobProgressStatus', () => {
  it('is active while running and shows failures once completed', () => {
    expect(jobProgressStatus({ status: 'running', failed: 2 })).toBe('active');
    expect(jobProgressStatus({ status: 'paused', failed: 0 })).toBe('normal');
    expect(jobProgressStatus({ status: 'completed', failed: 0 })).toBe('success');
    expect(jobProgressStatus({ status: 'completed', failed: 1 })).toBe('exception');
  });
});

describe('anyRunning', () => {
  it('is true only while some job runs', () => {
    expect(anyRunning([{ status: 'completed' }, { status: 'paused' }])).toBe(false);
    expect(anyRunning([{ status: 'completed' }, { status: 'running' }])).toBe(true);
  });
});
