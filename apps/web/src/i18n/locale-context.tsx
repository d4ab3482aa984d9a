import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en.ts';
import { type Catalogue, type MessageKey, zhCN } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';

const CATALOGUES: Record<Locale, Catalogue> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'openseal.locale';

export interface LocaleValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  /** The message for key in the current language, `{name}` placeholders filled from params. */
  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string;
}

const LocaleContext = createContext<LocaleValue | null>(null);

// Only the language choice is persisted: it is a preference, not a secret.
function readStoredLocale(storage: Storage, fallback: Locale): Locale {
  const stored = storage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-CN' ? stored : fallback;
}

/** `fallback`: the language until the visitor picks one (browser-locale.ts). */
export function LocaleProvider({
  storage,
  fallback = 'zh-CN',
  children,
}: {
  storage: Storage;
  fallback?: Locale;
  children: ReactNode;
}) {
  const [locale, setLocaleState] = useState<Locale>(() => readStoredLocale(storage, fallback));

  const setLocale = useCallback(
    (next: Locale) => {
      storage.setItem(STORAGE_KEY, next);
      setLocaleState(next);
    },
    [storage],
  );

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<LocaleValue>(() => {
    const catalogue = CATALOGUES[locale];
    return {
      locale,
      setLocale,
      t: (key, params) =>
        catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole)),
    };
  }, [locale, setLocale]);

  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale() outside <LocaleProvider>');
  return value;
}
