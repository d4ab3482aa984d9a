import type { ReportGranularity } from '@openseal/contract';

const DAY_MS = 86_400_000;

function dayParts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** One formatter per time zone: making one costs far more than formatting with it. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes `timeZone` is ahead of UTC at `at`. */
function offsetMinutes(timeZone: string, at: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((local - Math.floor(at / 1000) * 1000) / 60_000);
}

/** The UTC instant of local midnight starting `day` (YYYY-MM-DD) in `timeZone`. */
export function localMidnightUtc(day: string, timeZone: string): Date {
  const [y, m, d] = dayParts(day);
  const guess = Date.UTC(y, m - 1, d);
  // Twice: the offset at the guess may differ from the offset at the answer across a DST change.
  const first = guess - offsetMinutes(timeZone, guess) * 60_000;
  return new Date(guess - offsetMinutes(timeZone, first) * 60_000);
}

/** The calendar day after `day`. */
export function nextDay(day: string): string {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d) + DAY_MS).toISOString().slice(0, 10);
}

/** The half-open UTC range [start, end) of the local days `from`..`to`, both inclusive, as ISO text. */
export function utcRange(from: string, to: string, timeZone: string): { start: string; end: string } {
  return {
    start: localMidnightUtc(from, timeZone).toISOString(),
    end: localMidnightUtc(nextDay(to), timeZone).toISOString(),
  };
}

/** The local calendar day (YYYY-MM-DD) of an instant. */
export function localDay(iso: string, timeZone: string): string {
  const at = Date.parse(iso);
  return new Date(at + offsetMinutes(timeZone, at) * 60_000).toISOString().slice(0, 10);
}

/** The local date and time of an instant, "YYYY-MM-DD HH:MM:SS". */
export function localDateTime(iso: string, timeZone: string): string {
  const at = Date.parse(iso);
  return new Date(at + offsetMinutes(timeZone, at) * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The period a local day falls in: the day itself, or the Monday of its ISO week. */
export function periodOf(day: string, granularity: ReportGranularity): string {
  if (granularity === 'day') return day;
  const [y, m, d] = dayParts(day);
  const t = Date.UTC(y, m - 1, d);
  const isoWeekday = ((new Date(t).getUTCDay() + 6) % 7) + 1;
  return new Date(t - (isoWeekday - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Every period touching the local days `from`..`to`, in order. */
export function periodsBetween(from: string, to: string, granularity: ReportGranularity): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) {
    const p = periodOf(day, granularity);
    if (out[out.length - 1] !== p) out.push(p);
  }
  return out;
}

/** Days from `from` to `to`, both counted. */
export function daysInRange(from: string, to: string): number {
  const [a, b] = [dayParts(from), dayParts(to)];
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / DAY_MS) + 1;
}
