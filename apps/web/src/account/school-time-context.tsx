import { routes } from '@openseal/contract';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useLocale } from '../i18n/locale-context.tsx';
import { labelledSchoolTime, SCHOOL_TIME_ZONE, schoolDate, timeZoneLabel } from './school-time.ts';

const SchoolTimeZone = createContext<string>(SCHOOL_TIME_ZONE);

/** Asks the server once for the school's time zone (OPENSEAL_TIME_ZONE); every page shows times in it. */
export function SchoolTimeProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [zone, setZone] = useState(SCHOOL_TIME_ZONE);
  useEffect(() => {
    // Unreachable settings leave the default zone, which is still labelled wherever a time is shown.
    api.call(routes.schoolTimeZone).then(
      (answer) => setZone(answer.timeZone),
      () => undefined,
    );
  }, [api]);
  return <SchoolTimeZone.Provider value={zone}>{children}</SchoolTimeZone.Provider>;
}

/** The school's time zone, as the server named it. */
export function useSchoolTimeZone(): string {
  return useContext(SchoolTimeZone);
}

/** Formats an ISO instant in the school's zone with its label, in the page's language. */
export function useSchoolTime(): (at: string) => string {
  const zone = useContext(SchoolTimeZone);
  const { locale } = useLocale();
  return useCallback(
    (at: string) => labelledSchoolTime(at, locale === 'en' ? 'en' : 'zh', zone),
    [locale, zone],
  );
}

/** Formats an ISO instant as its calendar day in the school's zone, for date-only fields. */
export function useSchoolDate(): (at: string) => string {
  const zone = useContext(SchoolTimeZone);
  return useCallback((at: string) => schoolDate(at, zone), [zone]);
}

/** "北京时间 / UTC+8" in the page's language: said beside a picker, whose times are the school's. */
export function useSchoolZoneLabel(): string {
  const zone = useContext(SchoolTimeZone);
  const { locale } = useLocale();
  return timeZoneLabel(new Date(), zone, locale === 'en' ? 'en' : 'zh');
}
