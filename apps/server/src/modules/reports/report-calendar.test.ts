import { describe, expect, it } from 'vitest';
import { localDateTime, localDay, periodOf, periodsBetween, utcRange } from './report-calendar.ts';

describe('report calendar (Asia/Shanghai, UTC+8)', () => {
  it('turns inclusive local days into a half-open UTC range', () => {
    expect(utcRange('2026-09-01', '2026-09-30', 'Asia/Shanghai')).toEqual({
      start: '2026-08-31T16:00:00.000Z',
      end: '2026-09-30T16:00:00.000Z',
    });
    expect(utcRange('2026-12-31', '2026-12-31', 'Asia/Shanghai')).toEqual({
      start: '2026-12-30T16:00:00.000Z',
      end: '2026-12-31T16:00:00.000Z',
    });
  });

  it('keeps DST zones right across the change', () => {
    // 2026-03-08: New York moves from UTC-5 to UTC-4 at 02:00 local.
    expect(utcRange('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
      start: '2026-03-08T05:00:00.000Z',
      end: '2026-03-09T04:00:00.000Z',
    });
  });

  it('places an instant on its local day, at the midnight edge', () => {
    expect(localDay('2026-09-01T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-09-01');
    expect(localDay('2026-09-01T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-09-02');
    expect(localDateTime('2026-09-01T16:00:05.000Z', 'Asia/Shanghai')).toBe('2026-09-02 00:00:05');
  });

  it('buckets weeks by their Monday', () => {
    // 2026-09-06 is a Sunday, 2026-09-07 a Monday.
    expect(periodOf('2026-09-06', 'week')).toBe('2026-08-31');
    expect(periodOf('2026-09-07', 'week')).toBe('2026-09-07');
    expect(periodsBetween('2026-09-01', '2026-09-15', 'week')).toEqual([
      '2026-08-31',
      '2026-09-07',
      '2026-09-14',
    ]);
    expect(periodsBetween('2026-09-29', '2026-10-02', 'day')).toEqual([
      '2026-09-29',
      '2026-09-30',
      '2026-10-01',
      '2026-10-02',
    ]);
  });
});
