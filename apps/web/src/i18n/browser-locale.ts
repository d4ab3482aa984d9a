import type { Locale } from './locale-context.tsx';

/** The console's language for whoever has not chosen one. */
const CONSOLE_DEFAULT: Locale = 'zh-CN';

/** The language a browser asks for first: Chinese for any zh tag, English for anything else. */
export function browserLocale(languages: readonly string[]): Locale {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'zh' || first.startsWith('zh-') ? 'zh-CN' : 'en';
}

/**
 * The language before the visitor picks one. The pages strangers reach from a printed QR code or a
 * link (the credential view, verification, its help) follow the browser, so an employer abroad reads
 * English; the console speaks to the school's own people in Chinese.
 */
export function defaultLocale(path: string, languages: readonly string[]): Locale {
  const publicPage = ['/v/', '/verify', '/help'].some((prefix) => path.startsWith(prefix));
  return publicPage ? browserLocale(languages) : CONSOLE_DEFAULT;
}
