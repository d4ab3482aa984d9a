import type { LocaleValue } from '../i18n/locale-context.tsx';
import { ApiError } from './api-error.ts';

/** What to show a person for a failed call: the API's own zh/en message when it sent one. */
export function errorText(error: unknown, { locale, t }: Pick<LocaleValue, 'locale' | 't'>): string {
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.body) return locale === 'zh-CN' ? error.body.messageZh : error.body.message;
  if (error.status === 0) return t('error.network');
  return t('error.unexpected', { status: error.status });
}
