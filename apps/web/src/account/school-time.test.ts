import { describe, expect, it } from 'vitest';
import {
  instantOfSchoolTime,
  labelledSchoolTime,
  schoolDate,
  schoolWallClock,
  timeZoneLabel,
} from './school-time.ts';

describe('school time', () => {
  it('shows an instant in the school zone, labelled, across the UTC date line', () => {
    expect(labelledSchoolTime('2026-12-06T04:32:00Z', 'zh')).toBe('2026-12-06 12:32（北京时间 / UTC+8）');
    expect(labelledSchoolTime('2026-12-05T23:30:00Z', 'en')).toBe('2026-12-06 07:30 (Beijing time / UTC+8)');
  });

  it('names other zones by their IANA name and current offset', () => {
    expect(labelledSchoolTime('2026-07-01T12:00:00Z', 'en', 'Europe/Berlin')).toBe(
      '2026-07-01 14:00 (Europe/Berlin / UTC+2)',
    );
    expect(timeZoneLabel(new Date('2026-01-01T00:00:00Z'), 'Asia/Kolkata', 'zh')).toBe(
      'Asia/Kolkata / UTC+5:30',
    );
    expect(timeZoneLabel(new Date('2026-01-01T00:00:00Z'), 'UTC', 'en')).toBe('UTC / UTC+0');
  });

  it('gives date-only fields the calendar day in the school zone, not in UTC', () => {
    expect(schoolDate('2026-12-05T23:30:00Z')).toBe('2026-12-06');
    expect(schoolDate('2026-12-06T15:59:00Z')).toBe('2026-12-06');
    expect(schoolDate('2026-12-06T16:00:00Z')).toBe('2026-12-07');
    expect(schoolDate('2026-12-06T02:00:00Z', 'America/New_York')).toBe('2026-12-05');
  });
});

describe('picked times on the school clock', () => {
  it('reads a picked time as the school’s, wherever the browser is', () => {
    const nine = { year: 2026, month: 12, day: 6, hour: 9, minute: 0, second: 0 };
    expect(instantOfSchoolTime(nine).toISOString()).toBe('2026-12-06T01:00:00.000Z');
    expect(instantOfSchoolTime(nine, 'America/New_York').toISOString()).toBe('2026-12-06T14:00:00.000Z');
    expect(instantOfSchoolTime(nine, 'UTC').toISOString()).toBe('2026-12-06T09:00:00.000Z');
  });

  it('round-trips through the school clock, across daylight saving', () => {
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      for (const iso of [
        '2026-03-29T00:30:00Z',
        '2026-03-29T01:30:00Z',
        '2026-10-25T00:30:00Z',
        '2026-11-01T04:30:00Z',
      ]) {
        const at = new Date(iso);
        expect(instantOfSchoolTime(schoolWallClock(at, zone), zone).getTime(), `${zone} ${iso}`).toBe(
          at.getTime(),
        );
      }
    }
  });

  it('reads a time skipped by the spring jump with the offset before it', () => {
    // Berlin jumps from 02:00 to 03:00 on 2026-03-29: 02:30 does not exist there.
    const skipped = { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 };
    expect(instantOfSchoolTime(skipped, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads a time repeated by the autumn fallback as its first occurrence', () => {
    // New York shows 01:30 twice on 2026-11-01: at 05:30Z (EDT) and at 06:30Z (EST).
    const twice = { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 };
    expect(instantOfSchoolTime(twice, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
