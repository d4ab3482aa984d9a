/** The school's time zone: times a person reads on the account pages are shown in it, labelled. */
export const SCHOOL_TIME_ZONE = 'Asia/Shanghai';

export function schoolTime(at: string, locale: string): string {
  return new Date(at).toLocaleString(locale, { timeZone: SCHOOL_TIME_ZONE, hour12: false });
}
