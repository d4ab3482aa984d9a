/** The school's time zone until the server says which it is (OPENSEAL_TIME_ZONE defaults to it too). */
export const SCHOOL_TIME_ZONE = 'Asia/Shanghai';

// Zones that keep Beijing time all year: named as people in China call it.
const BEIJING_TIME = new Set(['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Harbin', 'Asia/Urumqi', 'PRC']);

/** "UTC+8", "UTC-3:30": the zone's offset from UTC at `at`. */
function utcOffset(at: Date, timeZone: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!m) return 'UTC+0';
  return `UTC${m[1]}${Number(m[2])}${m[3] === '00' ? '' : `:${m[3]}`}`;
}

/** "北京时间 / UTC+8", "Beijing time / UTC+8", "Europe/Berlin / UTC+1". */
export function timeZoneLabel(at: Date, timeZone: string, lang: 'zh' | 'en'): string {
  const name = BEIJING_TIME.has(timeZone) ? (lang === 'zh' ? '北京时间' : 'Beijing time') : timeZone;
  return `${name} / ${utcOffset(at, timeZone)}`;
}

/**
 * A time as a person reads it in the school's zone, labelled so nobody takes it for their own:
 * "2026-12-06 12:32 (北京时间 / UTC+8)".
 */
export function labelledSchoolTime(at: string, lang: 'zh' | 'en', timeZone = SCHOOL_TIME_ZONE): string {
  const when = new Date(at);
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(when))
    parts[p.type] = p.value;
  const text = `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}`;
  const label = timeZoneLabel(when, timeZone, lang);
  return lang === 'zh' ? `${text}（${label}）` : `${text} (${label})`;
}

/** The school-zone calendar day of an instant, for date-only fields: "2026-12-06". */
export function schoolDate(at: string, timeZone = SCHOOL_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}

/** A clock reading without a zone: what a date or time picker shows. Months count from 1. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What the school's clocks show at an instant. */
export function schoolWallClock(at: Date, timeZone = SCHOOL_TIME_ZONE): WallClock {
  const parts: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 1,
    day: parts['day'] ?? 1,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

const asUtc = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * The instant at which the school's clocks show `wall`: a picked "2026-12-06 09:00" means nine in the
 * morning at the school, wherever the browser is. A time skipped by a daylight-saving jump is read
 * with the offset in force before it; a repeated one is its first occurrence.
 */
export function instantOfSchoolTime(wall: WallClock, timeZone = SCHOOL_TIME_ZONE): Date {
  const target = asUtc(wall);
  const offsetAt = (instant: number) => asUtc(schoolWallClock(new Date(instant), timeZone)) - instant;
  const before = offsetAt(target - 86_400_000);
  const after = offsetAt(target + 86_400_000);
  const early = target - before;
  if (asUtc(schoolWallClock(new Date(early), timeZone)) === target) return new Date(early);
  const late = target - after;
  if (asUtc(schoolWallClock(new Date(late), timeZone)) === target) return new Date(late);
  return new Date(early);
}
