import { Alert, Result } from 'antd';
import { ApiError } from '../api/api-error.ts';
import { errorText } from '../api/error-text.ts';
import { useLocale } from '../i18n/locale-context.tsx';

/** A failed load: 404 means the server has no such module yet, anything else shows the API's message. */
export function LoadFailed({ error }: { error: unknown }) {
  const locale = useLocale();
  const { t } = locale;
  if (error instanceof ApiError && error.status === 404) {
    return <Result status="info" title={t('page.unavailable')} subTitle={t('page.unavailableHint')} />;
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="load-failed"
      message={t('page.loadFailed')}
      description={errorText(error, locale)}
    />
  );
}
