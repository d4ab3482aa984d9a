import { describe, expect, it } from 'vitest';
import { labelledSchoolTime, schoolDate, timeZoneLabel } from './school-time.ts';

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
