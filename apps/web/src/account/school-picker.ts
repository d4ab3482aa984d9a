import dayjs, { type Dayjs } from 'dayjs';
import { instantOfSchoolTime, SCHOOL_TIME_ZONE, schoolWallClock } from './school-time.ts';

/** A picker's value read on the school's clock, as the ISO instant the API takes. */
export function pickedInstant(picked: Dayjs, timeZone = SCHOOL_TIME_ZONE): string {
  const wall = {
    year: picked.year(),
    month: picked.month() + 1,
    day: picked.date(),
    hour: picked.hour(),
    minute: picked.minute(),
    second: picked.second(),
  };
  return instantOfSchoolTime(wall, timeZone).toISOString();
}

/** The school's clock now (or at `at`) as a picker value, so a picker opens on the school's time. */
export function schoolPickerValue(timeZone = SCHOOL_TIME_ZONE, at = new Date()): Dayjs {
  const w = schoolWallClock(at, timeZone);
  return dayjs(new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
}
