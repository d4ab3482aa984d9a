import type { LocaleValue } from '../i18n/locale-context.tsx';
import { type MessageKey, zhCN } from '../i18n/zh-CN.ts';

/** A trajectory action in words (`seal.use` → 用印); an action the catalogue does not know stays as sent. */
export function trajectoryLabel(action: string, t: LocaleValue['t']): string {
  const key = `trajectory.action.${action}`;
  return key in zhCN ? t(key as MessageKey) : action;
}
