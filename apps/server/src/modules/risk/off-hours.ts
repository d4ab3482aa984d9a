import type { RiskRuleParams } from '@openseal/contract';
import type { RiskRuleConfig } from './risk-config.ts';
import type { RiskFinding } from './risk-finding.ts';

/** A moment as a wall clock in some time zone reads it. */
export interface LocalTime {
  /** YYYY-MM-DD. */
  date: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** Minutes since local midnight (seconds dropped: working hours are whole minutes). */
  minutes: number;
  /** HH:MM:SS, for the alert. */
  time: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The last answer per time zone: a busy seal step asks for the same second many times. */
const lastAnswer = new Map<string, { second: number; local: Readonly<LocalTime> }>();

/** The local date, weekday and time of `at` in `timeZone` (an IANA name; RangeError if unknown). */
export function localTime(at: Date, timeZone: string): Readonly<LocalTime> {
  const second = Math.floor(at.getTime() / 1000);
  const last = lastAnswer.get(timeZone);
  if (last?.second === second) return last.local;
  const local = Object.freeze(readLocalTime(at, timeZone));
  lastAnswer.set(timeZone, { second, local });
  return local;
}

function readLocalTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const hour = Number(parts['hour']) % 24;
  const minute = Number(parts['minute']);
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    weekday: WEEKDAYS[parts['weekday'] ?? ''] ?? 0,
    minutes: hour * 60 + minute,
    time: `${String(hour).padStart(2, '0')}:${parts['minute']}:${parts['second']}`,
  };
}

const clockMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A calendar entry for a date: a holiday, or a make-up workday (调休) when `workday`. */
export interface CalendarDay {
  name: string;
  workday: boolean;
}

export type OffHoursReason = 'holiday' | 'rest-day' | 'before-hours' | 'after-hours';

/**
 * Why `local` is outside working hours, or null when inside. A holiday is off all day; a make-up
 * workday is worked even on a weekend; otherwise the weekday must be a workday. On a worked day the
 * hours run from `start` (inclusive) to `end` (exclusive).
 */
export function offHoursReason(
  params: RiskRuleParams['off-hours'],
  local: LocalTime,
  day: CalendarDay | null,
): OffHoursReason | null {
  if (day && !day.workday) return 'holiday';
  if (!day?.workday && !params.workdays.includes(local.weekday)) return 'rest-day';
  if (local.minutes < clockMinutes(params.start)) return 'before-hours';
  if (local.minutes >= clockMinutes(params.end)) return 'after-hours';
  return null;
}

export function offHoursFinding(
  config: RiskRuleConfig<'off-hours'>,
  local: LocalTime,
  day: CalendarDay | null,
): RiskFinding | null {
  if (!config.enabled) return null;
  const reason = offHoursReason(config.params, local, day);
  if (reason === null) return null;
  return {
    rule: 'off-hours',
    action: config.action,
    severity: 'medium',
    details: {
      reason,
      localDate: local.date,
      localTime: local.time,
      timezone: config.params.timezone,
      ...(reason === 'holiday' && day ? { holiday: day.name } : {}),
    },
  };
}
